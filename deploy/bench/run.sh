#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md: Tollgate, a stock Spring Authorization Server and
# Keycloak side by side on this machine and its PostgreSQL, on Java 17 and Java 25, and
# the gateway. Prints one table (and writes it to target/bench/results.md).
#
#   deploy/bench/run.sh                 # everything, both JDKs (about 30 minutes on 2 cores)
#   JDKS=25 DURATION=10s deploy/bench/run.sh   # a shorter run
#   SYSTEMS=tollgate SKIP_BUILD=1 deploy/bench/run.sh  # one system, jars as last built
#
# Needs: wrk (Debian package), PostgreSQL at $BENCH_PG (trust authentication for user
# postgres; the script drops and creates its own databases bench_*), Maven Central for the
# build and Keycloak's zip. Ports $BENCH_PORT..$BENCH_PORT+9.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export BENCH_DIR="$ROOT/deploy/bench"
WORK="$ROOT/target/bench"
JDKS=${JDKS:-"17 25"}
JAVA17_HOME=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SYSTEMS=${SYSTEMS:-"tollgate stock keycloak"}
DURATION=${DURATION:-15s}
# Long enough for the JIT compilers to finish: after 8 s of load, C2 still took a quarter of
# Tollgate's CPU in the measured run (async-profiler); after 30 s, almost none.
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-16}
export BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_PG=${BENCH_PG:-127.0.0.1:5432}
BENCH_PORT=${BENCH_PORT:-19400}
# The same heap cap for every Java server of ours; Keycloak keeps its own defaults.
BENCH_JVM_OPTS=${BENCH_JVM_OPTS:-"-Xmx384m"}
KEYCLOAK_VERSION=26.4.7
GRANTS_PER_RUN=64

AUTH_PORT=$((BENCH_PORT + 1))
GATEWAY_PORT=$((BENCH_PORT + 2))
STOCK_PORT=$((BENCH_PORT + 3))
KC_PORT=$((BENCH_PORT + 4))
KC_MANAGEMENT_PORT=$((BENCH_PORT + 5))
PG_HOST=${BENCH_PG%:*}
PG_PORT=${BENCH_PG#*:}

mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
PIDS=()

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

psql_admin() { psql -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

fresh_database() {
  psql_admin -c "drop database if exists $1 with (force)" -c "create database $1"
}

basic() { printf 'Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }

wait_for() { # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    if ((SECONDS > deadline)); then log "no answer from $1"; return 1; fi
    sleep 1
  done
}

start() { # name, log file, command...
  local name=$1 logfile=$2; shift 2
  "$@" > "$logfile" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK/$name.pid"
}

stop() { # name
  local pid
  pid=$(cat "$WORK/$1.pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Peak resident memory (VmHWM) of a process and its children, in MB.
peak_rss_mb() {
  local pid=$1 total=0 kb
  for p in $pid $(pgrep -P "$pid" || true); do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024))
}

# load: jdk system alg figure url script args... -> one line of results.tsv
load() {
  local jdk=$1 system=$2 alg=$3 figure=$4 url=$5 script=$6; shift 6
  # The warm-up runs the same requests; refreshes need tokens of their own (single-use).
  local warm=("$@")
  if ((${#WARMUP_ARGS[@]})); then warm=("${WARMUP_ARGS[@]}"); fi
  wrk -t"$BENCH_THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s -s "$BENCH_DIR/$script" "$url" \
    -- "${warm[@]}" > /dev/null
  local line
  line=$(wrk -t"$BENCH_THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s "$BENCH_DIR/$script" "$url" -- "$@" | grep '^RESULT')
  log "$jdk $system $alg $figure: $line"
  printf '%s\t%s\t%s\t%s\t%s\n' "$jdk" "$system" "$alg" "$figure" "$line" >> "$RESULTS"
}

record_rss() { # jdk system alg pid
  printf '%s\t%s\t%s\t%s\tRESULT rss_mb=%s\n' "$1" "$2" "$3" "rss" "$(peak_rss_mb "$4")" >> "$RESULTS"
}

access_token() { # token url, authorization, body
  curl -fsS -H "Authorization: $2" -d "$3" "$1" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

build() {
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building (bench profile)"
    # One reactor build, so that the classpath resolves the db module from this build, not
    # from a local repository that a fresh machine does not have. Each module writes its
    # classpath into its own target/.
    (cd "$ROOT" && ./mvnw -q -B -Pbench -DskipTests -Dspring-javaformat.skip=true \
      -pl auth-server,resource-demo -am package dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath)
    cp "$ROOT/auth-server/target/bench.classpath" "$WORK/auth-server.classpath"
  fi
  # The run uses copies, so that a build in the worktree meanwhile cannot change what runs.
  rm -rf "$WORK/bin" && mkdir -p "$WORK/bin"
  cp -r "$ROOT/auth-server/target/test-classes" "$WORK/bin/test-classes"
  cp -r "$ROOT/auth-server/target/classes" "$WORK/bin/classes"
  AUTH_JAR="$WORK/bin/auth-server.jar"
  GATEWAY_JAR="$WORK/bin/resource-demo.jar"
  cp "$(ls "$ROOT"/auth-server/target/auth-server-*.jar | grep -v plain | head -1)" "$AUTH_JAR"
  cp "$(ls "$ROOT"/resource-demo/target/resource-demo-*.jar | grep -v plain | head -1)" "$GATEWAY_JAR"
  BENCH_CP="$WORK/bin/test-classes:$WORK/bin/classes:$(cat "$WORK/auth-server.classpath")"
}

mint() { # java, issuer, client_id, secret|-, scope, file
  "$JAVA" -cp "$BENCH_CP" dev.tollgate.bench.load.RefreshTokenMint "$2" "$3" "$4" \
    http://127.0.0.1:8080/callback "$5" "$GRANTS_PER_RUN" "$6" alice alice-password >&2
}

# client_credentials; with RS256 also introspection and refresh, on fresh grants of app_client
token_endpoint_figures() { # jdk system alg issuer service-authorization dir app_client app_secret|-
  local jdk=$1 system=$2 alg=$3 issuer=$4 service=$5 dir=$6 app=$7 secret=$8
  load "$jdk" "$system" "$alg" client_credentials "$issuer/oauth2/token" post.lua \
    "grant_type=client_credentials&scope=llm.chat" "$service"
  if [ "$alg" != RS256 ]; then return; fi
  local token; token=$(access_token "$issuer/oauth2/token" "$service" "grant_type=client_credentials&scope=llm.chat")
  load "$jdk" "$system" "$alg" introspection "$issuer/oauth2/introspect" post.lua \
    "token=$token&token_type_hint=access_token" "$service"
  mint "$JAVA" "$issuer" "$app" "$secret" "openid llm.chat" "$dir/warmup.tokens"
  mint "$JAVA" "$issuer" "$app" "$secret" "openid llm.chat" "$dir/run.tokens"
  local client=("-" "$app")
  if [ "$secret" != - ]; then client=("$(basic "$app" "$secret")"); fi
  WARMUP_ARGS=("$dir/warmup.tokens" "${client[@]}")
  load "$jdk" "$system" "$alg" refresh "$issuer/oauth2/token" refresh.lua "$dir/run.tokens" "${client[@]}"
  WARMUP_ARGS=()
}

# --- Tollgate ------------------------------------------------------------------------

tollgate() { # jdk alg
  local jdk=$1 alg=$2 db="bench_tollgate_${2,,}" issuer="http://127.0.0.1:$AUTH_PORT"
  local dir="$WORK/tollgate-$jdk-$alg"
  rm -rf "$dir" && mkdir -p "$dir"
  fresh_database "$db"
  log "Tollgate $alg on Java $jdk"
  # Profile local (the default): the demo clients; its key-encryption key goes to $dir/.tollgate.
  # The rate limits stay on, so their cost is measured, with capacities that one load client
  # on one address cannot reach (the defaults allow 6,000 requests a minute per client).
  cd "$dir"
  start tollgate "$dir/auth-server.log" "$JAVA" $BENCH_JVM_OPTS -jar "$AUTH_JAR" \
    --server.port="$AUTH_PORT" --tollgate.issuer="$issuer" --tollgate.keys.algorithm="$alg" \
    --tollgate.rate-limits.client.capacity=1000000000 --tollgate.rate-limits.address.capacity=1000000000 \
    --spring.datasource.url="jdbc:postgresql://$BENCH_PG/$db" --spring.datasource.username=postgres
  cd "$ROOT"
  wait_for "$issuer/actuator/health" 120

  token_endpoint_figures "$jdk" tollgate "$alg" "$issuer" "$(basic demo-service demo-service-secret)" \
    "$dir" demo-app -
  if [ "$alg" = RS256 ]; then
    gateway "$jdk" "$issuer"
  fi
  record_rss "$jdk" tollgate "$alg" "$(cat "$WORK/tollgate.pid")"
  stop tollgate
}

gateway() { # jdk issuer
  local jdk=$1 issuer=$2 db=bench_gateway url="http://127.0.0.1:$GATEWAY_PORT"
  fresh_database "$db"
  local admin; admin=$(access_token "$issuer/oauth2/token" "$(basic demo-admin demo-admin-secret)" \
    "grant_type=client_credentials&scope=admin")
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"policy":"bench","tokens_per_minute":1000000000,"requests_per_minute":100000000,"tokens_per_day":100000000000,"max_tokens_per_request":4096,"models":["*"]}' \
    "$issuer/admin/v1/clients/demo-service/quota"
  start gateway "$WORK/gateway-$jdk.log" "$JAVA" $BENCH_JVM_OPTS -jar "$GATEWAY_JAR" \
    --server.port="$GATEWAY_PORT" --tollgate.gateway.issuer="$issuer" \
    --tollgate.gateway.client-secret=demo-gateway-secret \
    --spring.datasource.url="jdbc:postgresql://$BENCH_PG/$db" --spring.datasource.username=postgres
  wait_for "$url/actuator/health" 120
  local token; token=$(access_token "$issuer/oauth2/token" "$(basic demo-service demo-service-secret)" \
    "grant_type=client_credentials&scope=llm.chat")
  load "$jdk" gateway RS256 chat_completions "$url/v1/chat/completions" post.lua \
    '{"model":"echo-small","messages":[{"role":"user","content":"Say hello to the benchmark."}],"max_tokens":16}' \
    "Bearer $token" application/json
  record_rss "$jdk" gateway RS256 "$(cat "$WORK/gateway.pid")"
  stop gateway
}

# --- stock Spring Authorization Server -------------------------------------------------

stock() { # jdk alg
  local jdk=$1 alg=$2 db="bench_stock_${2,,}" issuer="http://127.0.0.1:$STOCK_PORT"
  local dir="$WORK/stock-$jdk-$alg"
  rm -rf "$dir" && mkdir -p "$dir"
  fresh_database "$db"
  log "stock Spring Authorization Server $alg on Java $jdk"
  start stock "$dir/stock.log" "$JAVA" $BENCH_JVM_OPTS -cp "$BENCH_CP" \
    dev.tollgate.bench.stock.StockAuthorizationServer --server.port="$STOCK_PORT" --bench.algorithm="$alg" \
    --spring.datasource.url="jdbc:postgresql://$BENCH_PG/$db" --spring.datasource.username=postgres
  wait_for "$issuer/.well-known/oauth-authorization-server" 120

  token_endpoint_figures "$jdk" stock "$alg" "$issuer" "$(basic bench-service bench-service-secret)" \
    "$dir" bench-app bench-app-secret
  record_rss "$jdk" stock "$alg" "$(cat "$WORK/stock.pid")"
  stop stock
}

# --- Keycloak ----------------------------------------------------------------------------

keycloak_install() {
  KC_HOME="$WORK/keycloak-$KEYCLOAK_VERSION"
  if [ -x "$KC_HOME/bin/kc.sh" ]; then return; fi
  (cd "$ROOT" && ./mvnw -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$WORK")
  (cd "$WORK" && unzip -q -o "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" && mv "keycloak-$KEYCLOAK_VERSION" "$KC_HOME" 2>/dev/null || true)
}

kc_admin() { # method path [json]
  curl -fsS -X "$1" -H "Authorization: Bearer $KC_ADMIN" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "http://127.0.0.1:$KC_PORT/admin/realms$2"
}

keycloak_setup() {
  KC_ADMIN=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "http://127.0.0.1:$KC_PORT/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  kc_admin POST "" '{"id":"bench","realm":"bench","enabled":true,"accessTokenLifespan":300}'
  kc_admin POST /bench/components '{"name":"ecdsa-generated","providerId":"ecdsa-generated","providerType":"org.keycloak.keys.KeyProvider","parentId":"bench","config":{"priority":["100"],"ecdsaEllipticCurveKey":["P-256"],"active":["true"],"enabled":["true"]}}'
  kc_admin POST /bench/clients '{"clientId":"bench-service","secret":"bench-service-secret","publicClient":false,"serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false}'
  kc_admin POST /bench/clients '{"clientId":"bench-service-es256","secret":"bench-service-secret","publicClient":false,"serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false,"attributes":{"access.token.signed.response.alg":"ES256"}}'
  kc_admin POST /bench/clients '{"clientId":"bench-app","publicClient":true,"directAccessGrantsEnabled":true,"standardFlowEnabled":true,"redirectUris":["http://127.0.0.1:8080/callback"]}'
  kc_admin POST /bench/users '{"username":"alice","enabled":true,"email":"alice@example.com","emailVerified":true,"firstName":"Alice","lastName":"Bench","credentials":[{"type":"password","value":"alice-password","temporary":false}]}'
}

keycloak_refresh_tokens() { # file
  local token=http://127.0.0.1:$KC_PORT/realms/bench/protocol/openid-connect/token
  : > "$1"
  for _ in $(seq "$GRANTS_PER_RUN"); do
    curl -fsS -d grant_type=password -d client_id=bench-app -d username=alice -d password=alice-password \
      -d scope=openid "$token" | sed -E 's/.*"refresh_token":"([^"]+)".*/\1/' >> "$1"
    echo >> "$1"
  done
}

keycloak() { # jdk
  local jdk=$1 db=bench_keycloak base="http://127.0.0.1:$KC_PORT/realms/bench/protocol/openid-connect"
  local dir="$WORK/keycloak-$jdk"
  rm -rf "$dir" && mkdir -p "$dir"
  keycloak_install
  fresh_database "$db"
  log "Keycloak $KEYCLOAK_VERSION on Java $jdk"
  # Keycloak's thread pool needs this option on Java 24 and later (it says so in its log).
  JAVA_HOME=$JAVA_HOME_OF_RUN KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_APPEND="--add-opens java.base/java.lang=ALL-UNNAMED" \
    start keycloak "$dir/keycloak.log" "$KC_HOME/bin/kc.sh" start --http-enabled=true \
    --http-host=127.0.0.1 --http-port="$KC_PORT" --http-management-port="$KC_MANAGEMENT_PORT" \
    --hostname-strict=false --cache=local --health-enabled=true \
    --db=postgres --db-url="jdbc:postgresql://$BENCH_PG/$db" --db-username=postgres --db-password=postgres
  if ! wait_for "http://127.0.0.1:$KC_MANAGEMENT_PORT/health/ready" 300; then
    log "Keycloak did not start on Java $jdk: $(tail -3 "$dir/keycloak.log" | tr '\n' ' ')"
    printf '%s\tkeycloak\t-\tstart\tRESULT failed_to_start=1\n' "$jdk" >> "$RESULTS"
    stop keycloak
    return 0
  fi
  keycloak_setup

  local service; service=$(basic bench-service bench-service-secret)
  load "$jdk" keycloak RS256 client_credentials "$base/token" post.lua "grant_type=client_credentials" "$service"
  load "$jdk" keycloak ES256 client_credentials "$base/token" post.lua "grant_type=client_credentials" \
    "$(basic bench-service-es256 bench-service-secret)"
  local token; token=$(access_token "$base/token" "$service" "grant_type=client_credentials")
  load "$jdk" keycloak RS256 introspection "$base/token/introspect" post.lua \
    "token=$token&token_type_hint=access_token" "$service"
  keycloak_refresh_tokens "$dir/warmup.tokens"
  keycloak_refresh_tokens "$dir/run.tokens"
  WARMUP_ARGS=("$dir/warmup.tokens" - bench-app)
  load "$jdk" keycloak RS256 refresh "$base/token" refresh.lua "$dir/run.tokens" - bench-app
  WARMUP_ARGS=()
  record_rss "$jdk" keycloak RS256 "$(cat "$WORK/keycloak.pid")"
  stop keycloak
}

# --- the run -------------------------------------------------------------------------------

WARMUP_ARGS=()
build
log "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
for jdk in $JDKS; do
  JAVA_HOME_OF_RUN=$([ "$jdk" = 17 ] && echo "$JAVA17_HOME" || echo "$JAVA25_HOME")
  JAVA="$JAVA_HOME_OF_RUN/bin/java"
  for system in $SYSTEMS; do
    case $system in
      tollgate) tollgate "$jdk" RS256; tollgate "$jdk" ES256 ;;
      stock) stock "$jdk" RS256; stock "$jdk" ES256 ;;
      keycloak) keycloak "$jdk" ;;
    esac
  done
done
log "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" "$BENCH_DIR/Table.java" "$RESULTS" | tee "$WORK/results.md"
