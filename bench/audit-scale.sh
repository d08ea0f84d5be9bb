#!/usr/bin/env bash
# The audit log's queries at scale on PostgreSQL (loopback): loads N synthetic rows into a scratch
# database with the portal's own migrations, then times the queries that the /audit grid, its
# filters, the home chart and the CSV export issue (same shape as AuditLog's).
# usage: bench/audit-scale.sh [rows=2000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-2000000}"
DB=esteira_bench
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
for f in db/migration/common/V1__*.sql db/migration/postgresql/V1_1__*.sql db/migration/common/V3__*.sql; do "${PSQL[@]}" -d $DB -f "$f"; done
echo "loading $ROWS rows…"
"${PSQL[@]}" -d $DB <<SQL
insert into area (id, code, name, cost_center, budget_amount, budget_currency, active, created_at, updated_at, version)
select gen_random_uuid(), 'A' || i, 'Area ' || i, 'CC-' || i, 1000, 'EUR', true, now(), now(), 0 from generate_series(1, 20) i;
insert into audit_event (seq, occurred_at, actor, actor_type, action, object_type, object_id, area_id, outcome, details,
                         client_address, correlation_id, prev_hash, hash)
select s,
       now() - interval '90 days' + (s * interval '90 days' / $ROWS),
       'user' || (s % 500),
       'USER',
       (array['area.created','area.updated','user.signed-in','api-token.created','access.denied','user.sign-in-failed'])[1 + s % 6],
       'area', md5(s::text),
       (array(select id from area order by code))[1 + s % 20],
       case when s % 50 = 0 then 'DENIED' else 'SUCCESS' end,
       '{"k":"v"}', '10.0.0.1', md5((s * 7)::text), repeat('0', 64), repeat('0', 64)
from generate_series(1, $ROWS) s;
analyze audit_event;
SQL
AREA=$("${PSQL[@]}" -d $DB -tAc "select id from area order by code limit 1")
time_query() {
  local name="$1" sql="$2"
  local ms
  ms=$("${PSQL[@]}" -d $DB -tA -c "explain (analyze) $sql" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p')
  printf '%-44s %8s ms\n' "$name" "$ms"
}
echo "rows: $("${PSQL[@]}" -d $DB -tAc 'select count(*) from audit_event')"
time_query "grid: first page (50)"                 "select * from audit_event order by seq desc offset 0 rows fetch first 50 rows only"
time_query "grid: scrolled to row 100,000"         "select * from audit_event order by seq desc offset 100000 rows fetch first 50 rows only"
time_query "filter: one actor"                     "select * from audit_event where actor = 'user42' order by seq desc offset 0 rows fetch first 50 rows only"
time_query "filter: one area"                      "select * from audit_event where area_id = '$AREA' order by seq desc offset 0 rows fetch first 50 rows only"
time_query "filter: action prefix area."           "select * from audit_event where action like 'area.%' order by seq desc offset 0 rows fetch first 50 rows only"
time_query "filter: outcome DENIED"                "select * from audit_event where outcome = 'DENIED' order by seq desc offset 0 rows fetch first 50 rows only"
time_query "filter: one day, 30 days ago"          "select * from audit_event where occurred_at >= now() - interval '30 days' and occurred_at < now() - interval '29 days' order by occurred_at desc, seq desc offset 0 rows fetch first 50 rows only"
time_query "filter: object id"                     "select * from audit_event where object_type = 'area' and object_id = md5('123456') order by seq desc offset 0 rows fetch first 50 rows only"
time_query "home chart: events of one day"         "select count(*) from audit_event where occurred_at >= now() - interval '1 day' and occurred_at < now()"
time_query "export: one batch of 1000 (keyset)"    "select * from audit_event where seq < $((ROWS / 2)) order by seq desc fetch first 1000 rows only"
"${PSQL[@]}" -d postgres -c "drop database $DB with (force)"
