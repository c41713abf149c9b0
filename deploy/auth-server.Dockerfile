# Tollgate auth-server image. Build context: the repository root, after the jar is built.
#
#   ./mvnw -B package -DskipTests
#   docker build -f deploy/auth-server.Dockerfile -t tollgate/auth-server:0.1.0-SNAPSHOT .
#
# The code is compiled for Java 17 and runs on 25; --build-arg JAVA_VERSION=17 picks the older
# runtime.
ARG JAVA_VERSION=25

# Stage 1: split the executable jar into Spring Boot's layers, so that a rebuild after a code
# change replaces only the small application layer and the dependencies stay cached.
FROM eclipse-temurin:${JAVA_VERSION}-jre AS layers
WORKDIR /build
ARG JAR_FILE=auth-server/target/auth-server-0.1.0-SNAPSHOT.jar
COPY ${JAR_FILE} app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /build/layers
COPY deploy/healthcheck.sh /build/healthcheck.sh
RUN chmod 0555 /build/healthcheck.sh

# Stage 2: the runtime, a JRE only, running as an unprivileged user with a fixed uid that the
# Kubernetes manifests repeat (runAsUser: 10001).
FROM eclipse-temurin:${JAVA_VERSION}-jre
RUN groupadd --system --gid 10001 tollgate \
    && useradd --system --uid 10001 --gid tollgate --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin tollgate
WORKDIR /app

# Least often changed first: each layer is cached until its own content changes.
COPY --from=layers /build/layers/dependencies/ ./
COPY --from=layers /build/layers/spring-boot-loader/ ./
COPY --from=layers /build/layers/snapshot-dependencies/ ./
COPY --from=layers /build/layers/application/ ./
COPY --from=layers /build/healthcheck.sh /app/healthcheck.sh

# The heap follows the container's memory limit; an OutOfMemoryError ends the process so that
# the orchestrator restarts it instead of leaving it half alive. Native access is allowed for
# the token signer's AWS-LC library, which Java 24 and later would otherwise warn about.
# Override JAVA_TOOL_OPTIONS to change any of them.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED" \
    SPRING_PROFILES_ACTIVE=prod

USER 10001:10001
EXPOSE 9000

# The JRE image has no curl: healthcheck.sh speaks HTTP over bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD ["/app/healthcheck.sh", "9000", "/actuator/health"]

# Exec form: java is PID 1 and gets SIGTERM, which starts Spring Boot's graceful shutdown.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
