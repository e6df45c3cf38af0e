/**
 * Errors of the local infrastructure. Each message says what to do about it; the original failure,
 * when there is one, is carried as `cause`.
 */

/** Base class: catch this to handle any failure of the local infrastructure. */
export class LocalInfraError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An environment variable holds a value the module cannot use. */
export class InfraConfigError extends LocalInfraError {
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly accepted: string,
    options?: ErrorOptions,
  ) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${accepted}.`, options);
  }
}

/** `java` is absent or older than the version the jars need. */
export class JavaRequiredError extends LocalInfraError {
  constructor(
    readonly found: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `${found === undefined ? 'Java was not found' : `Java ${found} is too old`}: the local Kafka broker and ` +
        'S3Mock need Java 17 or newer. Install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`, ' +
        '`brew install openjdk@17`) and put its `java` on PATH or set JAVA_HOME.',
      options,
    );
  }
}

/** `mvn` is absent or too old to fetch the jars. */
export class MavenRequiredError extends LocalInfraError {
  constructor(
    readonly found: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `${found === undefined ? 'Maven was not found' : `Maven ${found} is too old`}: the jars of the local ` +
        'Kafka broker and S3Mock are fetched from Maven Central with Maven 3.6 or newer. Install it ' +
        '(e.g. `apt-get install maven`, `brew install maven`) and put `mvn` on PATH.',
      options,
    );
  }
}

/** Maven could not fetch a service's jars; `mavenOutput` holds the end of what Maven printed. */
export class JarFetchError extends LocalInfraError {
  constructor(
    readonly service: string,
    readonly version: string,
    readonly mavenOutput: string,
    options?: ErrorOptions,
  ) {
    super(
      `Fetching the ${service} ${version} jars from Maven Central failed. Check the version and your ` +
        `network or Maven settings. Maven said:\n${mavenOutput}`,
      options,
    );
  }
}

/** A port the local services need is taken by another program. */
export class PortInUseError extends LocalInfraError {
  constructor(
    readonly service: string,
    readonly port: number,
    readonly variable: string,
    options?: ErrorOptions,
  ) {
    super(
      `Port 127.0.0.1:${port} needed by the local ${service} is already in use by another program. ` +
        `Stop that program or choose another port with ${variable}=<port>.`,
      options,
    );
  }
}

/** A local service did not become ready: it exited, or it did not answer before the deadline. */
export class ServiceStartError extends LocalInfraError {
  constructor(
    readonly service: string,
    readonly logFile: string,
    readonly logTail: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`The local ${service} ${reason}. Last lines of ${logFile}:\n${logTail}`, options);
  }
}

/** The service's process exited while starting. */
export class ServiceExitedError extends ServiceStartError {
  constructor(
    service: string,
    logFile: string,
    logTail: string,
    exitCode: number | null,
    options?: ErrorOptions,
  ) {
    super(service, logFile, logTail, `exited while starting (exit code ${exitCode ?? 'unknown'})`, options);
  }
}

/** The service's process runs but did not answer before the deadline; it has been stopped. */
export class ServiceTimeoutError extends ServiceStartError {
  constructor(service: string, logFile: string, logTail: string, timeoutMs: number, options?: ErrorOptions) {
    super(
      service,
      logFile,
      logTail,
      `was not ready after ${Math.round(timeoutMs / 1000)} s and has been stopped ` +
        '(raise LOCAL_START_TIMEOUT_SECONDS on a slow machine)',
      options,
    );
  }
}

/** Another `up`/`down` holds the lock on the state directory for too long. */
export class InfraLockError extends LocalInfraError {
  constructor(
    readonly lockFile: string,
    readonly holderPid: number | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `Another local:up/local:down (pid ${holderPid ?? 'unknown'}) holds ${lockFile}. Wait for it, or ` +
        'remove the file if that process is gone.',
      options,
    );
  }
}
