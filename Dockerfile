# syntax=docker/dockerfile:1
# Stage 1: build the jar with the same script the README and scripts/demo use.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -ntp -q dependency:go-offline
COPY scripts ./scripts
COPY src ./src
COPY conf ./conf
RUN scripts/build

# Stage 2: a JRE with Mesa's EGL (llvmpipe on CPU; an NVIDIA EGL device is used when the container toolkit provides one).
FROM eclipse-temurin:17.0.15_6-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends libegl1 libegl-mesa0 libgl1-mesa-dri curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/worker worker \
 && mkdir -p /data && chown worker /data
WORKDIR /app
COPY --from=build /src/target/thumbnail-worker.jar /app/thumbnail-worker.jar
COPY conf /app/conf
USER worker
ENV WORKER_PORT=3001 THUMBNAIL_STORAGE_PATH=/tmp/thumbnail-worker
EXPOSE 3001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${WORKER_PORT}/health" || exit 1
# a small initial heap: the worker's live data is small, and the JVM's default initial heap (1/64 of RAM) keeps the
# resident set well above its steady state for no gain in throughput
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-Xms64m", "-jar", "/app/thumbnail-worker.jar"]
CMD ["worker"]
