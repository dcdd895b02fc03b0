#!/usr/bin/env python3
"""Turn one year of NateScarlet/holiday-cn JSON into a [[year]] block for
data/calendar/china.toml.

    tools/calendar_from_holiday_cn.py ../shared/data/holiday-cn/2026.json \
        --source "国办发明电〔2025〕7号" >> data/calendar/china.toml

holiday-cn marks each statutory day off (isOffDay true) and each make-up
working day (isOffDay false) with the holiday's name. Days off with the same
name are grouped into contiguous ranges; make-up days go with the range of
their name nearest to them. The output still has to be checked by hand
against the State Council notice (see data/calendar/README.md): the script
only saves typing.
"""

import argparse
import datetime as dt
import json
import sys

WEEKDAYS = "一二三四五六日"


def ranges_of(days):
    """Split sorted dates into runs of consecutive days."""
    runs = []
    for d in days:
        if runs and d == runs[-1][-1] + dt.timedelta(days=1):
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", help="a holiday-cn year file, e.g. 2026.json")
    parser.add_argument("--source", required=True,
                        help="the notice's document number, e.g. 国办发明电〔2025〕7号")
    parser.add_argument("--notice", help="the notice's title (default: the usual one)")
    args = parser.parse_args()

    with open(args.json, encoding="utf-8") as f:
        data = json.load(f)
    year = int(data["year"])
    if not data.get("days"):
        sys.exit(f"{args.json}: no days for {year}; the notice is not published yet")
    papers = data.get("papers") or []
    if len(papers) != 1:
        sys.exit(f"{args.json}: expected one notice URL in 'papers', found {papers}")

    off, work, skipped = {}, {}, []
    for day in data["days"]:
        date = dt.date.fromisoformat(day["date"])
        if date.year != year:
            # E.g. 2023's New Year holiday began on 2022-12-31: that day
            # belongs to the previous year's block.
            skipped.append(day)
            continue
        target = off if day["isOffDay"] else work
        target.setdefault(day["name"], []).append(date)

    entries = []  # (first day, name, run, make-up days)
    for name, days in off.items():
        for run in ranges_of(sorted(days)):
            entries.append([run[0], name, run, []])
    for name, days in work.items():
        runs = [e for e in entries if e[1] == name]
        if not runs:
            sys.exit(f"{args.json}: make-up days {days} for '{name}', which has no day off")
        for d in days:
            nearest = min(runs, key=lambda e: min(abs((d - e[2][0]).days), abs((d - e[2][-1]).days)))
            nearest[3].append(d)
    entries.sort()

    out = []
    out.append("[[year]]")
    out.append(f"year = {year}")
    out.append(f'notice = "{args.notice or f"国务院办公厅关于{year}年部分节假日安排的通知"}"')
    out.append(f'source = "{args.source}"')
    out.append(f'url = "{papers[0]}"')
    for day in skipped:
        out.append(f"# Left out, not in {year}: {day['date']} {day['name']} "
                   f"{'off' if day['isOffDay'] else 'make-up working day'}")
    out.append("holidays = [")
    for _, name, run, makeup in entries:
        span = f"{run[0]}（周{WEEKDAYS[run[0].weekday()]}）至{run[-1]}（周{WEEKDAYS[run[-1].weekday()]}）"
        ups = "、".join(f"{d}（周{WEEKDAYS[d.weekday()]}）" for d in sorted(makeup))
        out.append(f"  # TODO paste the notice's line. Data: {name} {span}"
                   + (f"；{ups}上班" if ups else ""))
        dates = ", ".join(str(d) for d in sorted(makeup))
        out.append(f'  {{ name = "{name}", from = {run[0]}, to = {run[-1]}, days = {len(run)}, '
                   f"makeup_working_days = [{dates}] }},")
    out.append("]")
    print("\n".join(out))


if __name__ == "__main__":
    main()
