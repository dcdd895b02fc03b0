#!/usr/bin/env bash
# End-to-end test of the `hotline` command line on a real SQLite file, on a
# fake clock (--now). Every expected deadline below is worked out by hand from
# the policy files and the 2026 State Council holiday notice; the comment
# beside it shows the counting.
#
#   tests/cli_test.sh path/to/hotline path/to/data
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 HOTLINE DATA_DIR" >&2
  exit 2
fi
HOTLINE=$1
DATA=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hotline-cli-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/hotline.db"

passed=0
failed=0
OUT="$WORK/stdout"
ERR="$WORK/stderr"
CODE=0

pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*" >&2
  echo "  stdout: $(head -c 2000 "$OUT")" >&2
  echo "  stderr: $(head -c 2000 "$ERR")" >&2
}

# run ARGS...: runs hotline with the test database; sets CODE, OUT, ERR.
run() {
  CODE=0
  "$HOTLINE" --data "$DATA" --db "$DB" "$@" >"$OUT" 2>"$ERR" || CODE=$?
}

expect_code() {  # expect_code NAME CODE
  if [[ $CODE -eq $2 ]]; then pass; else fail "$1: exit code $CODE, expected $2"; fi
}
expect_stdout_line() {  # expect_stdout_line NAME LINE: the whole first line
  local first
  first=$(head -n 1 "$OUT")
  if [[ $CODE -eq 0 && "$first" == "$2" ]]; then pass; else fail "$1: got '$first' (exit $CODE), expected '$2'"; fi
}
expect_in() {  # expect_in NAME FILE TEXT: fixed string
  if grep -qF -- "$3" "$2"; then pass; else fail "$1: '$3' not found"; fi
}
expect_not_in() {
  if grep -qF -- "$3" "$2"; then fail "$1: '$3' found"; else pass; fi
}
expect_count() {  # expect_count NAME FILE TEXT N: lines containing TEXT
  local n
  n=$(grep -cF -- "$3" "$2" || true)
  if [[ $n -eq $4 ]]; then pass; else fail "$1: '$3' on $n lines, expected $4"; fi
}
json_string() {  # json_string KEY: first "KEY": "value" in stdout
  sed -n "s/^ *\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$OUT" | head -n 1
}

# ---- init ---------------------------------------------------------------------
run init
expect_code "init" 0
expect_in "init reports the units" "$OUT" "units"
run init
expect_code "second init is refused" 2
expect_in "second init names --force" "$ERR" "--force"
run init --force
expect_code "init --force" 0

# KB-8 [T31]: a profile naming a reporting unit the organisation lacks stops start-up.
cp -r "$DATA" "$WORK/data-no-t31-unit"
sed -i 's/^id = "dept.transport.service-center"/id = "dept.transport.renamed-center"/' \
  "$WORK/data-no-t31-unit/demo/organisation.toml"
CODE=0
"$HOTLINE" --data "$WORK/data-no-t31-unit" --db "$WORK/no-t31.db" init >"$OUT" 2>"$ERR" || CODE=$?
if [[ $CODE -ne 0 ]]; then pass; else fail "T31: an organisation without a named unit was accepted"; fi
expect_in "T31: the refusal names the unit and the article" "$ERR" "dept.transport.service-center"
expect_in "T31: the refusal cites T31" "$ERR" "T31"
if [[ ! -e "$WORK/no-t31.db" && ! -e "$WORK/no-t31.db.key" ]]; then pass; else fail "a refused init left a database behind"; fi

# ---- deadline: ACC-1, HND-2 (profile tianjin, R9 and R11) ----------------------
# Friday 2026-02-13 10:00. 2026 Spring Festival: 15–23 Feb off; Saturday 14 Feb
# and Saturday 28 Feb are make-up working days.
deadline() {  # deadline NAME EXPECTED ARGS...
  local name=$1 expected=$2
  shift 2
  run deadline --from 2026-02-13T10:00:00+08:00 "$@"
  expect_stdout_line "$name" "$expected"
}
# ACC-1 [R9]: life-safety 15 minutes, utilities 30 minutes, clock time.
deadline "ACC-1 life-safety" 2026-02-13T10:15:00+08:00 --policy tianjin --stage accept --type complaint --urgency life-safety
deadline "ACC-1 utilities" 2026-02-13T10:30:00+08:00 --policy tianjin --stage accept --type complaint --urgency utilities
# ACC-1 general: 1 working day; the next working day is make-up Saturday 14 Feb.
deadline "ACC-1 general" 2026-02-14T10:00:00+08:00 --policy tianjin --stage accept --type complaint --urgency general
# HND-2 [R11]: life-safety 2 hours, utilities 24 hours (clock time).
deadline "HND-2 life-safety" 2026-02-13T12:00:00+08:00 --policy tianjin --stage handle --type complaint --urgency life-safety
deadline "HND-2 utilities" 2026-02-14T10:00:00+08:00 --policy tianjin --stage handle --type complaint --urgency utilities
# HND-2 general: 7 working days: 14 Feb (1), 24–27 Feb (2–5), 28 Feb (6), 2 Mar (7).
deadline "HND-2 general across the Spring Festival" 2026-03-02T10:00:00+08:00 --policy tianjin --stage handle --type complaint --urgency general
run deadline --policy tianjin --stage handle --type complaint --urgency general --from 2026-02-13T10:00:00+08:00 --explain
expect_stdout_line "HND-2 --explain" 2026-03-02T10:00:00+08:00
expect_in "--explain cites the article" "$OUT" "(R11)"
expect_in "--explain names the rule" "$OUT" "7 working days"
expect_in "--explain names the policy file" "$OUT" "tianjin.toml"

# ---- deadline: ACC-2, HND-3 (profile tianjin-transport, T8 and T11) ------------
deadline "ACC-2 3 hours" 2026-02-13T13:00:00+08:00 --policy tianjin-transport --stage accept --type complaint
# Inquiry 3 working days: 14 Feb (1), 24 Feb (2), 25 Feb (3).
deadline "HND-3 inquiry" 2026-02-25T10:00:00+08:00 --policy tianjin-transport --stage handle --type inquiry
# Complaint 5 working days: 14, 24, 25, 26, 27 Feb.
deadline "HND-3 complaint" 2026-02-27T10:00:00+08:00 --policy tianjin-transport --stage handle --type complaint
deadline "HND-3 特急 1 hour" 2026-02-13T11:00:00+08:00 --policy tianjin-transport --stage handle --type complaint --label 特急
deadline "HND-3 紧急 1 working day" 2026-02-14T10:00:00+08:00 --policy tianjin-transport --stage handle --type complaint --label 紧急
deadline "HND-3 急 2 working days" 2026-02-24T10:00:00+08:00 --policy tianjin-transport --stage handle --type complaint --label 急
# 《政民零距离》 inquiry 2 working days: 14 Feb, 24 Feb.
deadline "HND-3 政民零距离 inquiry" 2026-02-24T10:00:00+08:00 --policy tianjin-transport --stage handle --type inquiry --channel zhengmin-lingjuli
run deadline --policy tianjin-transport --stage handle --type complaint --label 紧急 --from 2026-02-13T10:00:00+08:00 --explain
expect_in "HND-3 --explain cites T11" "$OUT" "T11(1)"

# ---- deadline: a year without holiday data --------------------------------------
run deadline --policy tianjin --stage handle --type complaint --from 2027-03-01T10:00:00+08:00
expect_code "2027 without --calendar-fallback fails" 2
expect_in "2027 error names the year" "$ERR" "2027"
# Weekends only: Monday 1 Mar 2027 + 7 working days = Wednesday 10 Mar.
run --calendar-fallback deadline --policy tianjin --stage handle --type complaint --from 2027-03-01T10:00:00+08:00
expect_stdout_line "2027 with --calendar-fallback answers" 2027-03-10T10:00:00+08:00
expect_in "2027 with --calendar-fallback warns" "$ERR" "2027"
expect_in "2027 with --calendar-fallback warns (weekends)" "$ERR" "weekends only"

# ---- a work order's life on a fake clock -----------------------------------------
UNIT=dept.heping.urban-management
STAFF="unit-staff@$UNIT#li.ming"
REGISTER_ARGS='{"requested_at":"2026-03-02T08:55:00+08:00","channel":"phone","type":"complaint",
  "applicant":{"name":"张𠮷","phone":"13800000000"},"subject":"小区噪音扰民",
  "detail":"和平区某小区夜间施工噪音扰民","items":[{"text":"夜间施工噪音"}],
  "location":{"district":"district.heping"}}'
run --now 2026-03-02T09:00:00+08:00 register --as agent#wang --reason "来电登记" --args "$REGISTER_ARGS"
expect_code "register" 0
NUMBER=$(json_string number)
if [[ "$NUMBER" =~ ^20260302[0-9]{8}$ ]]; then pass; else fail "INT-5 request number '$NUMBER'"; fi
expect_in "INT-4 a non-BMP name survives" "$OUT" '"name": "张𠮷"'
# DIS-1 [R6]: a general request is dispatched within 24 hours.
expect_in "DIS-1 dispatch deadline" "$OUT" '"due": "2026-03-03T09:00:00+08:00"'

run --now 2026-03-02T09:00:00+08:00 register --as agent --args "$REGISTER_ARGS"
NUMBER2=$(json_string number)
if [[ "$NUMBER2" > "$NUMBER" ]]; then pass; else fail "INT-5 numbers increase: '$NUMBER' then '$NUMBER2'"; fi

run --now 2026-03-02T09:10:00+08:00 dispatch "$NUMBER" --as dispatcher#zhao --reason "派单" --args "{\"lead_unit\":\"$UNIT\"}"
expect_code "dispatch" 0
WO="$NUMBER-1"
expect_in "dispatch creates the work order" "$OUT" "\"id\": \"$WO\""
# ACC-1: 1 working day from Monday 09:10.
expect_in "ACC-1 accept deadline set at dispatch" "$OUT" '"due": "2026-03-03T09:10:00+08:00"'

# ACC-1 [R9]: the unit accepts.
run --now 2026-03-02T10:00:00+08:00 accept "$WO" --as "$STAFF" --reason "接单"
expect_code "accept as the unit" 0
expect_in "accepted" "$OUT" '"status": "accepted"'
# HND-2 [R11]: 7 working days from Monday 2 Mar 10:00 = Wednesday 11 Mar 10:00.
expect_in "HND-2 handling deadline from acceptance" "$OUT" '"due": "2026-03-11T10:00:00+08:00"'

# Another unit may not act on it (SEC-2), and is told no more than for a work
# order that does not exist: "not yours" and "not there" look the same.
run --now 2026-03-02T10:05:00+08:00 accept "$WO" --as unit-staff@dept.heping.housing --reason "接单"
expect_code "another unit is refused" 1
expect_in "another unit is told it is not found" "$ERR" "not found"
NOT_YOURS=$(sed "s/$WO/N/g" "$ERR")
run --now 2026-03-02T10:05:00+08:00 accept 2026030299999999-1 --as unit-staff@dept.heping.housing --reason "接单"
expect_code "a missing work order is refused" 1
if [[ "$NOT_YOURS" == "$(sed "s/2026030299999999-1/N/g" "$ERR")" ]]; then pass; else
  fail "not yours and not there read alike: $NOT_YOURS / $(cat "$ERR")"; fi

# A refused action: accepting twice. Exit 1 with the rule and the article.
run --now 2026-03-02T10:05:00+08:00 accept "$WO" --as "$STAFF"
expect_code "accepting twice is refused" 1
expect_in "refusal names the rule" "$ERR" "[ACC-1]"
expect_in "refusal names the article" "$ERR" "(R9)"

# show: the history records who (id, role, unit), why and the article.
run show "$WO"
expect_code "show" 0
expect_in "history: dispatched" "$OUT" '"type": "work-order-dispatched"'
expect_in "history: accepted" "$OUT" '"type": "work-order-accepted"'
expect_in "history: actor id" "$OUT" '"id": "li.ming"'
expect_in "history: actor role" "$OUT" '"role": "unit-staff"'
expect_in "history: actor unit" "$OUT" "\"unit\": \"$UNIT\""
expect_in "history: dispatcher" "$OUT" '"id": "zhao"'
expect_in "history: reason" "$OUT" '"reason": "接单"'
expect_count "history: each event names its article (R9)" "$OUT" '"article": "R9"' 4
run show "$NUMBER"
expect_code "show request" 0
expect_in "request history: registered by agent" "$OUT" '"id": "wang"'
expect_in "request history: registration article" "$OUT" '"article": "M14"'
expect_in "request history: non-BMP name" "$OUT" "张𠮷"

# ---- HND-5, SUP-1: past the deadline, the sweep marks and supervises -----------
run --now 2026-03-05T10:00:00+08:00 list --overdue
expect_code "list --overdue before the deadline" 0
expect_not_in "nothing overdue yet" "$OUT" "$WO"
run --now 2026-03-12T10:00:00+08:00 sweep
expect_code "sweep" 0
expect_in "sweep marks one missed deadline" "$OUT" '"missed": 1'
expect_in "sweep raises one supervision" "$OUT" '"supervisions": 1'
run --now 2026-03-12T10:00:00+08:00 sweep
expect_in "a second sweep records nothing again" "$OUT" '"missed": 0'
expect_in "a second sweep raises no supervision again" "$OUT" '"supervisions": 0'
run --now 2026-03-12T10:00:00+08:00 list --overdue
expect_code "list --overdue" 0
expect_in "the work order is overdue" "$OUT" "\"id\": \"$WO\""
expect_in "and supervised" "$OUT" '"supervised": true'
run show "$WO"
expect_in "history: deadline missed" "$OUT" '"type": "deadline-missed"'
expect_in "history: supervision by the system" "$OUT" '"role": "system"'
expect_in "history: supervision article M22(2)" "$OUT" '"article": "M22(2)"'

# EXT-1 [R12]: too late for an extension: refused with rule and article.
run --now 2026-03-12T10:00:00+08:00 apply-extension "$WO" --as "$STAFF" --reason "需要协调" --args '{"progress":"已核查","measures":"协调施工方"}'
expect_code "late extension is refused" 1
expect_in "late extension: rule" "$ERR" "[EXT-1]"
expect_in "late extension: article" "$ERR" "(R12)"

# ---- malformed input: exit 2, naming the field -------------------------------------
run --now 2026-03-02T09:10:00+08:00 dispatch "$NUMBER2" --as dispatcher --args '{"lead_unit":5}'
expect_code "wrong type in --args" 2
expect_in "wrong type names the field" "$ERR" "lead_unit"
run --now 2026-03-02T09:10:00+08:00 dispatch "$NUMBER2" --as dispatcher --args '{"lead_unit":'
expect_code "malformed JSON in --args" 2
expect_in "malformed JSON names --args" "$ERR" "--args"
run --now 2026-03-02T09:10:00+08:00 dispatch "$NUMBER2" --as dispatcher --args "{\"lead_unit\":\"$UNIT\",\"colour\":\"red\"}"
expect_code "unknown member in --args" 2
expect_in "unknown member is named" "$ERR" "colour"
run --now 2026-03-02T09:00:00+08:00 register --args '{"requested_at":"2026-03-02T08:55:00+08:00","channel":"phone","type":"complaint","detail":"x","items":[{"text":"x"}],"applicant":{"anonymous":true,"name":"李四"}}'
expect_code "INT-4 anonymous with a name" 2
expect_in "anonymous with a name: field" "$ERR" "applicant.name"
run --now 2026-03-02T09:00:00+08:00 register --args '{"requested_at":"2026-03-02T08:55:00+08:00","channel":"phone","type":"complaint","detail":"x","items":[{"text":"x"}],"applicant":{"phone":"call me"}}'
expect_code "INT-4 bad phone" 2
expect_in "bad phone: field" "$ERR" "applicant.phone"
run --now 2026-03-02T09:00:00+08:00 register --as wizard --args "$REGISTER_ARGS"
expect_code "unknown role" 2
expect_in "unknown role named" "$ERR" "wizard"

# ---- an unknown unit -----------------------------------------------------------------
run --now 2026-03-02T09:10:00+08:00 dispatch "$NUMBER2" --as dispatcher --args '{"lead_unit":"dept.nowhere"}'
expect_code "dispatch to an unknown unit" 2
expect_in "unknown unit named" "$ERR" "dept.nowhere"
expect_in "unknown unit: field" "$ERR" "lead_unit"
run show "$NUMBER2"
expect_in "the refused dispatch wrote nothing" "$OUT" '"status": "registered"'
run show 2026030299999999
expect_code "show an unknown number" 1

# ---- EVA-2: circulations (通报) and the performance assessment ------------------------
run --now 2026-03-12T11:00:00+08:00 assessment circulate --as agent#wang --unit "$UNIT" --month 2026-03 --ground buck-passing --reason "推诿"
expect_code "EVA-2 an agent may not circulate" 1
run --now 2026-03-12T11:00:00+08:00 assessment circulate --as supervisor#li --unit "$UNIT" --month 2026-03 --ground buck-passing --reason "多次推诿" --work-order "$WO" --indicator on-time-reply
expect_code "EVA-2 circulate" 0
expect_in "EVA-2 circulation kind" "$OUT" '"kind": "criticism"'
expect_in "EVA-2 circulation article" "$OUT" '"article": "T24(1)"'
run assessment circulate --as supervisor#li --unit "$UNIT" --month 2026-3 --ground buck-passing --reason "x"
expect_code "EVA-2 a bad month" 2
expect_in "EVA-2 a bad month: field" "$ERR" "month"
# SEC-2: the command line writes the server's audit entries, the refusal included.
AUDITED=$(sqlite3 "$DB" "SELECT group_concat(success, ',') FROM audit_log WHERE action = 'command:circulation-record' AND remote = 'cli'")
if [[ "$AUDITED" == "0,1,0" ]]; then pass; else fail "EVA-2 circulate is audited as command:circulation-record (got '$AUDITED')"; fi
run assessment circulations --unit "$UNIT"
expect_code "EVA-2 list circulations" 0
expect_in "EVA-2 listed" "$OUT" '"ground": "buck-passing"'
run assessment export --month 2026-03 --format both --out "$WORK"
expect_code "EVA-2 export" 0
expect_in "EVA-2 export counts the circulation" "$WORK/hotline-performance-2026-03.json" '"criticisms": 1'
if [[ -s "$WORK/hotline-performance-2026-03.xlsx" ]]; then pass; else fail "EVA-2 export writes the workbook"; fi

# ---- ANA-3: special research through the Governance use case -----------------------
run research open --args '{"title":"𠮷祥里噪音专题","problem":"每月均有投诉","units":["'"$UNIT"'"]}' --reason "反复投诉"
expect_code "ANA-3 research open" 0
expect_in "ANA-3 research open answers the record" "$OUT" '"title": "𠮷祥里噪音专题"'
run research list --status open
expect_in "ANA-3 research list" "$OUT" '"status": "open"'
run research close --id SR-999999 --reason "x"
expect_code "ANA-3 an unknown research is not found" 1
AUDITED=$(sqlite3 "$DB" "SELECT group_concat(action || ':' || success, ',') FROM audit_log WHERE action LIKE 'command:research-%'")
if [[ "$AUDITED" == "command:research-open:1,command:research-close:0" ]]; then pass; else fail "ANA-3 research changes are audited once each (got '$AUDITED')"; fi

# ---- knowledge base: Markdown import and export (KB-2, KB-6) ------------------------
KB_NOW=--now=2026-03-02T09:00:00+08:00
run "$KB_NOW" kb import "$DATA/knowledge/articles.jsonl"
expect_stdout_line "KB import JSON lines" "imported 48 articles, refused 0, synonym groups 11"
run "$KB_NOW" kb export "$WORK/kb-md" --format markdown
expect_code "KB export Markdown" 0
if [[ -f "$WORK/kb-md/kb.civil.elderly.md" && $(ls "$WORK/kb-md" | wc -l) -eq 48 ]]; then pass; else fail "KB export: one ID.md per article"; fi
KB_DB="$WORK/kb2.db"
"$HOTLINE" --data "$DATA" --db "$KB_DB" init >/dev/null
CODE=0; "$HOTLINE" --data "$DATA" --db "$KB_DB" "$KB_NOW" kb import "$WORK/kb-md" >"$OUT" 2>"$ERR" || CODE=$?
expect_stdout_line "KB import a Markdown directory" "imported 48 articles, refused 0, synonym groups 0"
"$HOTLINE" --data "$DATA" --db "$KB_DB" "$KB_NOW" kb export "$WORK/kb-md2" --format markdown 2>/dev/null
if diff -r "$WORK/kb-md" "$WORK/kb-md2" >/dev/null; then pass; else fail "KB Markdown export -> import -> export is exact"; fi
printf '+++\ntitle = "t"\ntype = "service-guide"\nunit = "dept.housing"\ntags = "x"\n+++\n' >"$WORK/bad.md"
run "$KB_NOW" kb import "$WORK/bad.md"
expect_code "KB bad Markdown file" 2
expect_in "KB bad Markdown: file, line and key" "$ERR" "bad.md:5"
expect_in "KB bad Markdown: Chinese message" "$ERR" "“tags”必须是字符串列表"
printf '+++\nid = "kb.cli.phone"\ntitle = "t"\ntype = "service-guide"\nunit = "dept.housing"\n+++\n\n请拨打13812345678。\n' >"$WORK/phone.md"
run "$KB_NOW" kb import "$WORK/phone.md"
expect_code "KB-6 Markdown import screened" 1
expect_in "KB-6 names the file and rule" "$ERR" "phone.md: kb.cli.phone"
expect_in "KB-6 rule" "$ERR" "KB-6"
if [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:kb-import' AND remote = 'cli' AND success = 1;") -ge 2 ]]; then pass; else fail "kb import audited as the server's command"; fi

# ---- administration: accounts (SEC-2) and a year's holidays (issue 9, item 13) ---
run user add --username cli.agent --role agent --unit office --password-stdin <<<"Cli-Password-2026"
expect_code "user add" 0
run user change cli.agent --role unit-staff --unit dept.heping.housing --name 王𠮷
expect_stdout_line "user change: role and unit" "changed cli.agent (unit-staff, dept.heping.housing)"
run user change cli.agent --role unit-staff --unit no.such.unit
expect_code "user change: an unknown unit is refused" 2
expect_in "user change names the field" "$ERR" "unit"
run user reset-password cli.agent --password-stdin <<<"short"
expect_code "reset-password: a short password is refused" 2
run user reset-password cli.agent --password-stdin <<<"Another-Password-2026"
expect_stdout_line "reset-password" "password of cli.agent reset; its sessions ended"
if [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:account-reset-password' AND remote = 'cli' AND success = 1;") == 1 && $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE detail LIKE '%Another-Password%' OR detail LIKE '%short%short%';") == 0 ]]; then pass; else fail "reset-password audited without the password"; fi
# Through the Accounts use case as on the server: the same audit entries.
run user add --username cli.second --role agent --unit office --password-stdin <<<"Second-Password-2026"
expect_stdout_line "user add answers the account" "added cli.second (agent, office)"
run user add --username cli.bad --role agent --unit office --password-stdin <<<"short"
expect_code "user add: a short password is refused" 2
run user disable cli.second
expect_stdout_line "user disable" "disabled cli.second; its sessions ended and API keys revoked"
if [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:account-create' AND remote = 'cli' AND success = 1;") == 2 && $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:account-change' AND target = 'cli.second' AND success = 1;") == 1 ]]; then pass; else fail "user add and disable audited as the server's account commands"; fi
# user list and apikey create through the Accounts use case too (issue 9).
run user list
expect_in "user list names the accounts" "$OUT" "cli.second"
expect_in "user list says who is disabled" "$OUT" "disabled"
run apikey create --name cli12328 --role api-client --unit office
expect_code "apikey create" 0
expect_in "apikey create prints the key once" "$OUT" "hlk_"
if [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:apikey-create' AND remote = 'cli' AND success = 1;") == 1 && $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE detail LIKE '%hlk_%';") == 0 ]]; then pass; else fail "apikey create audited as the server's command, without the key"; fi
# One file (issue 9): the knowledge base and triage live in the database's file.
if [[ ! -e "${DB%.db}.kb.db" && ! -e "${DB%.db}.triage.db" && $(sqlite3 "$DB" "SELECT count(*) FROM kb_articles;") -gt 0 && $(sqlite3 "$DB" "SELECT count(*) FROM catalogue_change;") -gt 0 ]]; then pass; else fail "the knowledge base and triage are in the database's file"; fi
# The knowledge base's sweep and notices through its use case (issue 9).
run kb sweep
expect_in "kb sweep answers its counts" "$OUT" "units put under supervision"
run kb sweep --as agent
expect_code "kb sweep: an agent is refused" 1
expect_in "kb sweep refusal names the rule" "$ERR" "KB-3"
if [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:kb-sweep' AND remote = 'cli' AND success = 1;") == 1 && $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:kb-sweep' AND success = 0;") == 1 ]]; then pass; else fail "kb sweep audited done and refused"; fi
run kb notices --as unit-staff@dept.heping.housing
expect_code "kb notices for a unit" 0
# TEST DATA for 2027, not the State Council's notice.
cat >"$WORK/2027.toml" <<'TOML'
[[year]]
year = 2027
notice = "测试用通知（非国务院办公厅通知）"
source = "测试〔2026〕1号"
url = "https://example.invalid/2027"
holidays = [
  { name = "测试节", from = 2027-01-04, to = 2027-01-05, days = 2, makeup_working_days = [2027-01-09] },
]
TOML
run calendar add-year "$WORK/2027.toml"
expect_stdout_line "calendar add-year" "added 2027 (测试〔2026〕1号): 2 days off, 1 make-up working days; a running server takes it in within 10 s"
run calendar add-year "$WORK/2027.toml"
expect_code "calendar add-year twice is refused" 1
# 1 working day from Friday 2027-01-01 17:00 now skips the entered 4th and 5th.
run deadline --policy tianjin --stage accept --type complaint --urgency general --from 2027-01-01T17:00:00+08:00
expect_stdout_line "deadline counts the entered year" 2027-01-06T17:00:00+08:00
run calendar list
expect_in "calendar list shows the entered year" "$OUT" "2027	测试〔2026〕1号	2 days off	1 make-up days	entered by cli:"

# ---- triage through its use case (issue 9): role check and audit as on the server ----
run catalogue add --args '{"id":"cli.test","category":"民政","lead":"dept.heping.housing"}' --reason "CLI测试"
expect_code "DIS-2 catalogue add as the default dispatcher" 0
expect_in "DIS-2 catalogue add answers the change" "$OUT" '"action": "add"'
run catalogue retire --id cli.test --as agent --reason "x"
expect_code "DIS-2 an agent may not retire an entry" 1
expect_in "DIS-2 refusal cites R7" "$ERR" "R7"
if [[ $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:triage-catalogue-add' AND target = 'cli.test' AND success = 1 AND remote = 'cli';") == 1 &&
      $(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'command:triage-catalogue-retire' AND success = 0;") == 1 ]]; then pass; else fail "DIS-2 catalogue changes audited as commands"; fi
run catalogue list --id cli.test
expect_in "DIS-2 catalogue list filters by id" "$OUT" '"id": "cli.test"'

# ---- reindex open311: the Open311 index is a projection of the event log ------------
run reindex open311
expect_code "reindex open311" 0
expect_in "reindex open311 reports" "$OUT" "Open311 index rebuilt from the event log"

# ---- migrate (issue 14): schema versions, the file kept before a migration ------------
run migrate
expect_code "migrate on a current file" 0
expect_in "migrate has nothing to do" "$OUT" "nothing to migrate"
sqlite3 "$DB" "PRAGMA user_version = 1"
run migrate
expect_code "migrate from version 1" 0
expect_in "migrate names the step" "$OUT" "from schema version 1 to"
expect_in "migrate names the kept file" "$OUT" ".before-migration-v1"
if [[ -f "$DB.before-migration-v1" && $(sqlite3 "$DB.before-migration-v1" "PRAGMA user_version") == 1 ]]; then pass; else fail "migrate keeps the file as it was"; fi
sqlite3 "$DB" "PRAGMA user_version = 99"
run migrate
if [[ $CODE -ne 0 ]]; then pass; else fail "a newer schema was accepted"; fi
expect_in "a newer schema is refused naming it" "$ERR" "schema version 99"

# ---- model train: TYP-1, TYP-2 models are small by their task's defaults ------------
# 180 messages need no 2M hash buckets (a 128 MB file): the task's defaults
# (hotline model train --help) give about 3 MB; --bucket still overrides them.
for task in urgency type; do
  run model train --task "$task" --data "$DATA/triage/labelled_messages.tsv" --threads 1 \
    --out "$WORK/$task.model"
  expect_code "TYP-1, TYP-2: the $task model trains" 0
  size=$(stat -c %s "$WORK/$task.model" 2>/dev/null || echo 0)
  if ((size > 0 && size < 4000000)); then pass; else fail "TYP-1, TYP-2: the $task model is $size bytes"; fi
done
run model train --task urgency --data "$DATA/triage/labelled_messages.tsv" --threads 1 \
  --bucket 60000 --out "$WORK/urgency-60k.model"
# 10,000 more buckets of dim 16 floats.
size60=$(stat -c %s "$WORK/urgency-60k.model" 2>/dev/null || echo 0)
if ((size60 - $(stat -c %s "$WORK/urgency.model") == 10000 * 16 * 4)); then pass; else fail "TYP-2: --bucket 60000 gave $size60 bytes"; fi
run model train --task urgency --data "$DATA/triage/labelled_messages.tsv" --bucket 0 \
  --out "$WORK/urgency-0.model"
expect_code "TYP-2 --bucket 0 is refused" 2
rm -f "$WORK"/*.model

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
