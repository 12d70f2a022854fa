# One image for every reviewflow command (ingest, scoring, publish, site, submit, ...).
#   docker build -t reviewflow .
#   docker run --rm -e REVIEWFLOW_BOOTSTRAP_SERVER=kafka:9092 reviewflow ingest

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system reviewflow && useradd --system --gid reviewflow --home-dir /app reviewflow \
    && mkdir -p /site && chown reviewflow:reviewflow /site
WORKDIR /app
COPY --from=build /src/cli/target/reviewflow.jar /app/reviewflow.jar
COPY ops/healthcheck.sh /app/healthcheck.sh
USER reviewflow
# Heap sized for a service at full speed; override with JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Healthy while /health/live answers 200 on REVIEWFLOW_HTTP_PORT, else while the JVM runs: see the script.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["bash", "/app/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/app/reviewflow.jar"]
CMD ["--help"]
