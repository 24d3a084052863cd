# One image per NovaSim service, built from source: docker build --build-arg SERVICE=nova-api .
# Stage 1 builds all four jars with the Maven wrapper, exactly as ./novasim and the end-to-end tests do
# (./mvnw -B -DskipTests package, giving <service>/target/<service>-<version>.jar); BuildKit builds it once for all.
# No "# syntax=" line: the Dockerfile frontend built into BuildKit (Docker 20.10 and later) knows RUN --mount, and
# naming one would make every build fetch it from a registry.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common-rpc/pom.xml common-rpc/
COPY nova-api/pom.xml nova-api/
COPY nova-conductor/pom.xml nova-conductor/
COPY nova-compute/pom.xml nova-compute/
COPY nova-network/pom.xml nova-network/
# Dependencies first, so that a source change does not download them again.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline -DexcludeGroupIds=org.novasim || true
COPY common-rpc/src common-rpc/src
COPY nova-api/src nova-api/src
COPY nova-conductor/src nova-conductor/src
COPY nova-compute/src nova-compute/src
COPY nova-network/src nova-network/src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package \
 && mkdir /jars && for s in nova-api nova-conductor nova-compute nova-network; do cp "$s"/target/"$s"-*.jar /jars/"$s".jar; done

# Stage 2: a JRE image that runs one service as a non-root user (Temurin's Ubuntu-based JRE: wget for the health
# checks, groupadd/useradd, the same as a Debian-based image).
FROM eclipse-temurin:21-jre
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build with --build-arg SERVICE=nova-api|nova-conductor|nova-compute|nova-network" && false) \
 && groupadd --system nova && useradd --system --gid nova --home-dir /var/lib/nova --create-home nova
COPY --from=build /jars/${SERVICE}.jar /opt/novasim/app.jar
USER nova
WORKDIR /var/lib/nova
ENV NOVA_STATE_DIR=/var/lib/nova JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/opt/novasim/app.jar"]
