#!/usr/bin/env bash
# Runs CspUpgrades locally: Azurite (data in .azurite/), a demo partner with customers that exercise
# every rule, and the app as a .NET isolated worker under the local Functions host (tools/CspUpgrades.LocalHost,
# what `func start` does where Core Tools can be installed) on http://127.0.0.1:7071. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")"

APP_URL="http://127.0.0.1:${APP_PORT:-7071}"
TABLE_PORT=${AZURITE_TABLE_PORT:-10002}; QUEUE_PORT=${AZURITE_QUEUE_PORT:-10001}; BLOB_PORT=${AZURITE_BLOB_PORT:-10000}
ACCOUNT=devstoreaccount1
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=$ACCOUNT;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/$ACCOUNT;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/$ACCOUNT;TableEndpoint=http://127.0.0.1:$TABLE_PORT/$ACCOUNT"
export Webhooks__Secret="${Webhooks__Secret:-whsec_ZGVtby13ZWJob29rLXNlY3JldC1mb3ItbG9jYWwtcnVucw==}"
export DOTNET_ENVIRONMENT=Development
export AuditSchedule="${AuditSchedule:-0 0 2 * * *}" StuckOperationSweepSchedule="${StuckOperationSweepSchedule:-0 */5 * * * *}"

command -v node >/dev/null || { echo "Node.js 20+ is required (Azurite runs on it)." >&2; exit 1; }
if ! cmp -s package-lock.json node_modules/.package-lock.json.ci 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.json.ci
fi

pids=()
cleanup() { trap - EXIT INT TERM; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; echo; echo "Stopped."; }
trap cleanup EXIT INT TERM

mkdir -p .azurite
node node_modules/azurite/dist/src/azurite.js --location .azurite --silent \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$BLOB_PORT" --queuePort "$QUEUE_PORT" --tablePort "$TABLE_PORT" \
  --skipApiVersionCheck --disableTelemetry > .azurite/azurite.out 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/"$TABLE_PORT") 2>/dev/null && break; sleep 0.2; done
(echo > /dev/tcp/127.0.0.1/"$TABLE_PORT") 2>/dev/null || { echo "Azurite did not start (ports $BLOB_PORT-$TABLE_PORT busy?):" >&2; cat .azurite/azurite.out >&2; exit 1; }

echo "Building..."
# The operator console (tools/CspUpgrades.Operator: partner keys, demo data; it shares the Storage project, not the app) and
# the app side by side in artifacts/run, where the README runs the console and the local host loads the app. The app last:
# what it writes there (functions.metadata, worker.config.json, host.json) is what the host reads.
dotnet build tools/CspUpgrades.Operator -c Release -o artifacts/run --nologo -v quiet -clp:"ErrorsOnly;NoSummary"
dotnet build src/CspUpgrades.Functions -c Release -o artifacts/run --nologo -v quiet -clp:"ErrorsOnly;NoSummary"
dotnet build tools/CspUpgrades.LocalHost -c Release -o artifacts/localhost --nologo -v quiet -clp:"ErrorsOnly;NoSummary"

seeded=$(artifacts/run/CspUpgrades.Operator seed-demo)
API_KEY=$(echo "$seeded" | tail -n 2 | head -n 1); OPERATION_ID=$(echo "$seeded" | tail -n 1)
# The local Functions host loads the build output (functions.metadata, worker.config.json, host.json), starts the
# worker and fires its HTTP, queue and timer triggers; settings come from this environment.
dotnet artifacts/localhost/CspUpgrades.LocalHost.dll artifacts/run --port "${APP_PORT:-7071}" > .azurite/app.log 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do curl -fs "$APP_URL/api/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$APP_URL/api/health" >/dev/null || { echo "The app did not start:" >&2; tail -n 40 .azurite/app.log >&2; exit 1; }

cat <<EOT

CspUpgrades is running at $APP_URL as a .NET isolated worker under the local Functions host
(log: .azurite/app.log, OpenAPI: $APP_URL/api/openapi/v1.json).
Demo partner "demo-partner", API key (shown once): $API_KEY
Partner page: $APP_URL/api/portal/ (sign in with the key above)
Customers: contoso (eligible), fabrikam (suspended), northwind (no delegated admin), adatum (conflicting
services), litware (already owns E3), india-co (India rule), tailspin (near the 300-seat cap).

1. List the customers, each with how many subscriptions can be upgraded now and how many are blocked:
curl -s -H "X-Api-Key: $API_KEY" $APP_URL/api/customers

2. List a customer's subscriptions: which can be upgraded now, to what, at what price, or why not:
curl -s -H "X-Api-Key: $API_KEY" $APP_URL/api/customers/contoso/subscriptions

3. Check one subscription's options (each eligible one with its price and the accounts it moves, before Submit):
curl -s -H "X-Api-Key: $API_KEY" $APP_URL/api/customers/contoso/subscriptions/contoso-essentials/upgrades

4. Request an upgrade (202 + Location):
curl -si -H "X-Api-Key: $API_KEY" -H "Content-Type: application/json" -H "Idempotency-Key: demo-1" -d '{"targetOffer":"o365-enterprise-e3","upgradeType":"upgrade_with_license_transfer"}' $APP_URL/api/customers/contoso/subscriptions/contoso-essentials/upgrades

5. Read the operation (its id follows from the Idempotency-Key; it is also in the Location header above):
curl -s -H "X-Api-Key: $API_KEY" $APP_URL/api/operations/$OPERATION_ID

6. Read the partner's events (CloudEvents: the upgrade accepted and succeeded, its credit and charge), a few seconds after:
curl -s -H "X-Api-Key: $API_KEY" "$APP_URL/api/events?limit=10"

Press Ctrl-C to stop.
EOT
wait
