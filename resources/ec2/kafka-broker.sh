#!/usr/bin/env bash
# The Kafka broker of kafkaMode=ec2: one Apache Kafka node in KRaft mode (broker and controller in
# one process) whose only listener open to clients is SASL_SSL with SCRAM-SHA-512, behind a
# private CA made on first boot.
#
#   kafka-broker.sh boot      <env-file>   EC2 only: the OS steps, then everything below, then the
#                                          signal to CloudFormation (run once, from user data)
#   kafka-broker.sh install   <env-file>   fetch the Kafka release and check its SHA-512
#   kafka-broker.sh configure <env-file>   CA, broker certificate, properties, storage format
#                                          (idempotent; systemd runs it before every start)
#   kafka-broker.sh run       <env-file>   the broker in the foreground (systemd's ExecStart)
#   kafka-broker.sh provision <env-file>   once it answers: SCRAM user, topic, a client's check
#                                          over TLS at the advertised address, the CA published;
#                                          reads the {"username","password"} JSON on stdin
#   kafka-broker.sh rotate    <env-file>   EC2 only: sets the password now in the SCRAM secret
#
# The local tests and `npm start -- --kafka-auth scram` run install (from a tarball of the local
# jar cache), configure, run and provision: the very code below, on loopback. Only the OS steps
# (packages, user, volume, systemd) and the AWS calls (Secrets Manager, the wait-condition signal)
# are EC2's alone.
#
# The env file holds plain NAME=value lines (no secrets: the password comes from Secrets Manager or
# stdin). Required: KAFKA_VERSION KAFKA_DIST_URL KAFKA_DIST_SHA512 KAFKA_INSTALL_DIR STATE_DIR
# LISTEN_HOST ADVERTISED_HOST CLIENT_PORT INTERNAL_PORT CONTROLLER_PORT TOPIC TOPIC_PARTITIONS.
# Optional: JAVA (java), KAFKA_HEAP_OPTS, KAFKA_JVM_MARKER (one more JVM argument, by which the
# local harness finds its process). EC2 adds SCRAM_SECRET_ID CA_SECRET_ID AWS_REGION
# WAIT_HANDLE_URL DATA_VOLUME_ID; elsewhere CA_SECRET_FILE receives what would be published.
set -Eeuo pipefail
umask 077

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() {
  echo "kafka-broker: $*" >&2
  exit 1
}

log() { echo "kafka-broker: $*"; }

load_env() {
  local file="${1:-}"
  [[ -n "$file" && -r "$file" ]] || die "the env file \"$file\" is missing or unreadable (usage: $0 <command> <env-file>)"
  set -a
  # shellcheck disable=SC1090
  . "$file"
  set +a
  local missing=() name
  for name in KAFKA_VERSION KAFKA_DIST_URL KAFKA_DIST_SHA512 KAFKA_INSTALL_DIR STATE_DIR LISTEN_HOST \
    ADVERTISED_HOST CLIENT_PORT INTERNAL_PORT CONTROLLER_PORT TOPIC TOPIC_PARTITIONS; do
    [[ -n "${!name:-}" ]] || missing+=("$name")
  done
  ((${#missing[@]} == 0)) || die "$file lacks ${missing[*]}"
  [[ "$KAFKA_DIST_SHA512" =~ ^[0-9a-f]{128}$ ]] || die "KAFKA_DIST_SHA512 must be 128 lower-case hex digits"
  [[ "$ADVERTISED_HOST" =~ ^[A-Za-z0-9.-]+$ ]] || die "ADVERTISED_HOST \"$ADVERTISED_HOST\" is not a host name or IPv4 address"
  JAVA="${JAVA:-java}"
  LIBS="$KAFKA_INSTALL_DIR/libs"
  TLS_DIR="$STATE_DIR/tls"
  DATA_DIR="$STATE_DIR/data"
  CA_PEM="$TLS_DIR/ca.pem"
  INTERNAL="127.0.0.1:$INTERNAL_PORT"
  ADVERTISED="$ADVERTISED_HOST:$CLIENT_PORT"
}

# --- install ---------------------------------------------------------------------------------

install_kafka() {
  if [[ -f "$KAFKA_INSTALL_DIR/.installed-$KAFKA_DIST_SHA512" ]]; then
    log "Kafka $KAFKA_VERSION already installed in $KAFKA_INSTALL_DIR"
    return
  fi
  local tarball
  tarball="$(mktemp)"
  log "downloading $KAFKA_DIST_URL"
  curl --fail --silent --show-error --location --retry 5 --retry-delay 3 --output "$tarball" "$KAFKA_DIST_URL" ||
    die "cannot download $KAFKA_DIST_URL"
  # The checksum is pinned in the stack, not fetched next to the file: a tampered mirror fails here.
  echo "$KAFKA_DIST_SHA512  $tarball" | sha512sum --check --status ||
    die "$KAFKA_DIST_URL does not match the pinned SHA-512 (got $(sha512sum "$tarball" | cut -c1-16)…)"
  rm -rf "$KAFKA_INSTALL_DIR"
  mkdir -p "$KAFKA_INSTALL_DIR"
  tar -xzf "$tarball" -C "$KAFKA_INSTALL_DIR" --strip-components=1
  rm -f "$tarball"
  [[ -n "$(compgen -G "$LIBS/kafka-clients-*.jar")" ]] || die "$KAFKA_DIST_URL holds no libs/kafka-clients-*.jar"
  chmod -R a+rX "$KAFKA_INSTALL_DIR"
  touch "$KAFKA_INSTALL_DIR/.installed-$KAFKA_DIST_SHA512"
  log "Kafka $KAFKA_VERSION installed in $KAFKA_INSTALL_DIR"
}

# --- configure -------------------------------------------------------------------------------

# subjectAltName of the broker certificate: clients check the advertised name against it.
san_of() {
  if [[ "$1" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then echo "IP:$1"; else echo "DNS:$1"; fi
}

ensure_ca() {
  [[ -s "$TLS_DIR/ca.key" && -s "$CA_PEM" ]] && return
  log "creating the private CA"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -keyout "$TLS_DIR/ca.key" -out "$CA_PEM" -subj "/CN=stock-ticks Kafka CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 644 "$CA_PEM"
}

# A broker certificate is (re)issued when missing, when the advertised name changed, or within 30
# days of its end; systemd runs configure before every start, so a restart renews it.
broker_cert_current() {
  local san="$1"
  [[ -s "$TLS_DIR/broker.p12" && -s "$TLS_DIR/broker.pem" ]] || return 1
  openssl x509 -in "$TLS_DIR/broker.pem" -noout -checkend $((30 * 86400)) >/dev/null || return 1
  openssl x509 -in "$TLS_DIR/broker.pem" -noout -ext subjectAltName 2>/dev/null | grep -qxF "    ${san/IP:/IP Address:}" || return 1
  openssl verify -CAfile "$CA_PEM" "$TLS_DIR/broker.pem" >/dev/null 2>&1
}

ensure_broker_cert() {
  local san
  san="$(san_of "$ADVERTISED_HOST")"
  broker_cert_current "$san" && return
  log "issuing the broker certificate for $san"
  openssl req -new -newkey rsa:2048 -nodes -sha256 -keyout "$TLS_DIR/broker.key" -out "$TLS_DIR/broker.csr" \
    -subj "/CN=$ADVERTISED_HOST" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=critical,CA:FALSE\n' \
    "$san" >"$TLS_DIR/broker.ext"
  openssl x509 -req -in "$TLS_DIR/broker.csr" -CA "$CA_PEM" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 397 -sha256 -extfile "$TLS_DIR/broker.ext" -out "$TLS_DIR/broker.pem" 2>/dev/null
  [[ -s "$TLS_DIR/keystore.pass" ]] || openssl rand -hex 24 >"$TLS_DIR/keystore.pass"
  openssl pkcs12 -export -in "$TLS_DIR/broker.pem" -inkey "$TLS_DIR/broker.key" -certfile "$CA_PEM" \
    -name broker -passout "file:$TLS_DIR/keystore.pass" -out "$TLS_DIR/broker.p12"
  rm -f "$TLS_DIR/broker.csr" "$TLS_DIR/broker.ext"
}

write_properties() {
  cat >"$STATE_DIR/server.properties" <<EOF
# Written by kafka-broker.sh configure before every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
# CLIENT is the only listener reachable from outside: SASL_SSL with SCRAM-SHA-512. INTERNAL and
# CONTROLLER listen on loopback only; INTERNAL serves this script's admin steps.
listeners=CLIENT://$LISTEN_HOST:$CLIENT_PORT,INTERNAL://127.0.0.1:$INTERNAL_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=CLIENT://$ADVERTISED,INTERNAL://$INTERNAL
listener.security.protocol.map=CLIENT:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$TLS_DIR/broker.p12
ssl.keystore.password=$(cat "$TLS_DIR/keystore.pass")
ssl.protocol=TLSv1.3
ssl.enabled.protocols=TLSv1.2,TLSv1.3
ssl.client.auth=none
log.dirs=$DATA_DIR
num.partitions=$TOPIC_PARTITIONS
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Topics are made by provision, with the stack's partition count.
auto.create.topics.enable=false
# Kafka is the buffer in front of S3: a week of ticks, at most 4 GiB per partition.
log.retention.hours=168
log.retention.bytes=4294967296
log.segment.bytes=268435456
num.network.threads=2
num.io.threads=4
EOF
  cat >"$STATE_DIR/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

# The java command line of a Kafka main class, in KAFKA_COMMAND.
kafka_command() {
  local main="$1"
  shift
  # shellcheck disable=SC2206 # KAFKA_HEAP_OPTS is a list of JVM options
  KAFKA_COMMAND=("$JAVA" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true)
  [[ -n "${KAFKA_JVM_MARKER:-}" && "$main" == kafka.Kafka ]] && KAFKA_COMMAND+=("$KAFKA_JVM_MARKER")
  KAFKA_COMMAND+=("-Dlog4j2.configurationFile=$STATE_DIR/log4j2.properties" "-Dkafka.logs.dir=$STATE_DIR"
    -cp "$LIBS/*" "$main" "$@")
}

format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return
  local cluster_id
  # A KRaft cluster id: 16 random bytes in base64url without padding, as kafka-storage random-uuid.
  cluster_id="$(openssl rand -base64 16 | tr '+/' '-_' | tr -d '=\n')"
  log "formatting the storage (cluster $cluster_id)"
  kafka_command kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE_DIR/server.properties"
  "${KAFKA_COMMAND[@]}" >/dev/null
}

configure() {
  command -v openssl >/dev/null || die "openssl is not installed"
  [[ -n "$(compgen -G "$LIBS/kafka-clients-*.jar")" ]] || die "no Kafka in $KAFKA_INSTALL_DIR: run install first"
  mkdir -p "$TLS_DIR" "$DATA_DIR"
  ensure_ca
  ensure_broker_cert
  write_properties
  format_storage
  log "configured: SASL_SSL on $LISTEN_HOST:$CLIENT_PORT, advertised as $ADVERTISED"
}

# --- provision -------------------------------------------------------------------------------

admin() {
  "$JAVA" -Xmx256m -cp "$LIBS/*" "$SCRIPT_DIR/BrokerAdmin.java" "$@"
}

# Reads {"username","password"} JSON from stdin (the SCRAM secret's format) into SCRAM_USER/SCRAM_PASS.
read_credentials() {
  local json
  json="$(cat)"
  SCRAM_USER="$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["username"])' 2>/dev/null)" ||
    die 'expected {"username":"…","password":"…"} on stdin'
  SCRAM_PASS="$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])' 2>/dev/null)" ||
    die 'expected {"username":"…","password":"…"} on stdin'
  [[ -n "$SCRAM_USER" && -n "$SCRAM_PASS" ]] || die 'the SCRAM username and password must not be empty'
}

# What Lambda's SERVER_ROOT_CA_CERTIFICATE secret holds: {"certificate":"<PEM>"}.
ca_secret_json() {
  python3 -c 'import json,sys; print(json.dumps({"certificate": open(sys.argv[1]).read()}))' "$CA_PEM"
}

publish_ca() {
  if [[ -n "${CA_SECRET_ID:-}" ]]; then
    aws secretsmanager put-secret-value --region "$AWS_REGION" --secret-id "$CA_SECRET_ID" \
      --secret-string "$(ca_secret_json)" >/dev/null
    log "CA certificate published to $CA_SECRET_ID"
  else
    [[ -n "${CA_SECRET_FILE:-}" ]] || die "set CA_SECRET_ID (Secrets Manager) or CA_SECRET_FILE"
    ca_secret_json >"$CA_SECRET_FILE"
    chmod 644 "$CA_SECRET_FILE"
    log "CA certificate written to $CA_SECRET_FILE"
  fi
}

provision() {
  read_credentials
  admin await "$INTERNAL" 120
  printf '%s\n' "$SCRAM_PASS" | admin upsert-scram "$INTERNAL" "$SCRAM_USER"
  admin ensure-topic "$INTERNAL" "$TOPIC" "$TOPIC_PARTITIONS"
  printf '%s\n' "$SCRAM_PASS" | admin verify-client "$ADVERTISED" "$TOPIC" "$CA_PEM" "$SCRAM_USER" ||
    die "a SASL_SSL client cannot use the broker at its advertised address $ADVERTISED (see above)"
  publish_ca
}

# --- EC2 only --------------------------------------------------------------------------------

scram_secret() {
  aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$SCRAM_SECRET_ID" \
    --query SecretString --output text
}

# The data volume, found by its id (Nitro instances name NVMe volumes by serial), formatted once.
mount_data_volume() {
  local device="/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${DATA_VOLUME_ID/-/}" i
  for i in $(seq 1 60); do
    [[ -e "$device" ]] && break
    sleep 2
  done
  [[ -e "$device" ]] || die "the data volume $DATA_VOLUME_ID is not attached ($device missing)"
  blkid "$device" >/dev/null || mkfs.xfs -q -L kafka-data "$device"
  mkdir -p "$STATE_DIR"
  grep -q "LABEL=kafka-data" /etc/fstab || echo "LABEL=kafka-data $STATE_DIR xfs defaults,noatime,nofail 0 2" >>/etc/fstab
  mountpoint -q "$STATE_DIR" || mount "$STATE_DIR"
}

prepare_os() {
  dnf install -y -q java-21-amazon-corretto-headless awscli-2 python3 tar gzip openssl
  id kafka >/dev/null 2>&1 || useradd --system --no-create-home --home-dir "$STATE_DIR" --shell /sbin/nologin kafka
  mount_data_volume
}

install_unit() {
  local env_file="$1"
  cat >/etc/systemd/system/kafka.service <<EOF
[Unit]
Description=Apache Kafka $KAFKA_VERSION (stock-ticks, KRaft, SASL_SSL)
After=network-online.target
Wants=network-online.target
RequiresMountsFor=$STATE_DIR

[Service]
User=kafka
Group=kafka
ExecStartPre=$SCRIPT_DIR/kafka-broker.sh configure $env_file
ExecStart=$SCRIPT_DIR/kafka-broker.sh run $env_file
Restart=on-failure
RestartSec=5
TimeoutStopSec=60
LimitNOFILE=100000

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable --now kafka.service
}

# A wait-condition signal: its Reason shows in the stack's events, so a failed boot says why there.
signal() {
  local status="$1" reason="$2"
  [[ -n "${WAIT_HANDLE_URL:-}" ]] || return 0
  local body
  body="$(python3 -c 'import json,sys; print(json.dumps({"Status": sys.argv[1], "Reason": sys.argv[2][-3500:], "UniqueId": "broker", "Data": sys.argv[1]}))' "$status" "$reason")"
  curl --fail --silent --show-error --retry 5 -X PUT -H 'Content-Type:' --data-binary "$body" "$WAIT_HANDLE_URL" >/dev/null
}

boot() {
  local env_file="$1" boot_log=/var/log/kafka-boot.log
  exec > >(tee -a "$boot_log") 2>&1
  trap 'signal FAILURE "Kafka boot failed at line $LINENO: $(tail -n 6 "$boot_log" | tr "\n" " ")"' ERR
  prepare_os
  # configure runs as kafka (here and under systemd): it reads the env file, which holds no secret.
  chgrp kafka "$env_file" "$(dirname "$env_file")"
  chmod 640 "$env_file"
  chmod 750 "$(dirname "$env_file")"
  install_kafka
  chown -R kafka:kafka "$STATE_DIR"
  runuser -u kafka -- "$SCRIPT_DIR/kafka-broker.sh" configure "$env_file"
  install_unit "$env_file"
  scram_secret | provision
  signal SUCCESS "Kafka $KAFKA_VERSION answers SASL_SSL/SCRAM-SHA-512 at $ADVERTISED; topic $TOPIC ready"
  log "boot complete"
}

rotate() {
  read_credentials < <(scram_secret)
  printf '%s\n' "$SCRAM_PASS" | admin upsert-scram "$INTERNAL" "$SCRAM_USER"
  printf '%s\n' "$SCRAM_PASS" | admin verify-client "$ADVERTISED" "$TOPIC" "$CA_PEM" "$SCRAM_USER"
}

# --- main ------------------------------------------------------------------------------------

command="${1:-}"
load_env "${2:-}"
case "$command" in
  install) install_kafka ;;
  configure) configure ;;
  run)
    [[ -f "$DATA_DIR/meta.properties" ]] || die "not configured: run configure first"
    kafka_command kafka.Kafka "$STATE_DIR/server.properties"
    exec "${KAFKA_COMMAND[@]}"
    ;;
  provision) provision ;;
  boot) boot "$2" ;;
  rotate) rotate ;;
  *) die "unknown command \"$command\" (boot, install, configure, run, provision, rotate)" ;;
esac
