// The broker's own admin steps for kafka-broker.sh, run with Java's source launcher against the
// broker's jars (`java -cp "<kafka>/libs/*" BrokerAdmin.java <command> ...`): it needs nothing
// but kafka-clients, which the Apache release and the local jar cache both hold, so the same file
// runs on the EC2 instance and in the local tests.
//
//   await <bootstrap> <seconds>                        until the cluster answers DescribeCluster
//   upsert-scram <bootstrap> <username>                SCRAM-SHA-512 password from stdin (one line)
//   ensure-topic <bootstrap> <topic> <partitions>      create, or add partitions; never remove any
//   verify-client <bootstrap> <topic> <ca.pem> <user>  as a client would: SASL_SSL, SCRAM-SHA-512,
//                                                      the CA only, password from stdin
//
// Admin steps use the loopback-only internal listener; verify-client dials the advertised address
// of the client listener, so a boot that succeeds has proved what the producer and Lambda's event
// source mapping will do. Exit codes: 0 done, 1 failed (the reason on stderr), 2 bad usage.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

public class BrokerAdmin {
  // Kafka's minimum is 4096; its tools default to 4096 as well. More costs every login a little.
  private static final int SCRAM_ITERATIONS = 8192;
  private static final int REQUEST_TIMEOUT_MS = 15_000;

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Usage e) {
      System.err.println("BrokerAdmin: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("BrokerAdmin " + (args.length > 0 ? args[0] : "") + " failed: " + describe(cause));
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    String command = args.length > 0 ? args[0] : "";
    switch (command) {
      case "await" -> {
        need(args, 3, "await <bootstrap> <seconds>");
        await(args[1], Integer.parseInt(args[2]));
      }
      case "upsert-scram" -> {
        need(args, 3, "upsert-scram <bootstrap> <username>  (password on stdin)");
        upsertScram(args[1], args[2], readPassword());
      }
      case "ensure-topic" -> {
        need(args, 4, "ensure-topic <bootstrap> <topic> <partitions>");
        ensureTopic(args[1], args[2], Integer.parseInt(args[3]));
      }
      case "verify-client" -> {
        need(args, 5, "verify-client <bootstrap> <topic> <ca.pem> <username>  (password on stdin)");
        verifyClient(args[1], args[2], args[3], args[4], readPassword());
      }
      default -> throw new Usage("unknown command \"" + command + "\" (await, upsert-scram, ensure-topic, verify-client)");
    }
  }

  private static void await(String bootstrap, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = Admin.create(internal(bootstrap))) {
        int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        if (brokers > 0) {
          System.out.println("broker answers on " + bootstrap);
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(1000);
    }
    throw new Exception("no answer from " + bootstrap + " within " + seconds + " s"
        + (last == null ? "" : ": " + describe(last)));
  }

  private static void upsertScram(String bootstrap, String username, String password) throws Exception {
    try (Admin admin = Admin.create(internal(bootstrap))) {
      var info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS);
      admin.alterUserScramCredentials(List.of(
          new UserScramCredentialUpsertion(username, info, password.getBytes(StandardCharsets.UTF_8))))
          .all().get();
      System.out.println("SCRAM-SHA-512 credentials of " + username + " set");
    }
  }

  private static void ensureTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(internal(bootstrap))) {
      try {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        System.out.println("topic " + topic + " created with " + partitions + " partitions");
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      int current = description.partitions().size();
      if (current == partitions) {
        System.out.println("topic " + topic + " exists with " + current + " partitions");
      } else if (current < partitions) {
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
        System.out.println("topic " + topic + " grown from " + current + " to " + partitions + " partitions");
      } else {
        throw new Exception("topic " + topic + " has " + current + " partitions and Kafka cannot remove any: set"
            + " topicPartitions=" + current + " (or more)");
      }
    }
  }

  private static void verifyClient(String bootstrap, String topic, String caFile, String username, String password)
      throws Exception {
    Properties props = base(bootstrap);
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + escape(username) + "\" password=\"" + escape(password) + "\";");
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.location", caFile);
    // Kafka's default, stated because this check exists to prove the name in the certificate.
    props.put("ssl.endpoint.identification.algorithm", "https");
    try (Admin admin = Admin.create(props)) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .get(topic).partitions().size();
      System.out.println("client check passed: SASL_SSL/SCRAM-SHA-512 at " + bootstrap + ", topic " + topic
          + " with " + partitions + " partitions");
    }
  }

  private static Properties internal(String bootstrap) {
    Properties props = base(bootstrap);
    props.put("security.protocol", "PLAINTEXT");
    return props;
  }

  private static Properties base(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS * 2);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "stock-ticks-broker-admin");
    return props;
  }

  private static String readPassword() throws Exception {
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null || line.isEmpty()) throw new Usage("expected the password on stdin");
    return line;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void need(String[] args, int count, String usage) throws Usage {
    if (args.length != count) throw new Usage("usage: " + usage);
  }

  /** The exception's class and message, and its innermost cause's, which usually names the problem. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String head = e.getClass().getSimpleName() + ": " + e.getMessage();
    return root == e ? head : head + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private static final class Usage extends Exception {
    Usage(String message) {
      super(message);
    }
  }
}
