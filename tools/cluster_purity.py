#!/usr/bin/env python3
"""Purity and recall of the triage clusters on hand-picked problems of the
public hot messages (docs/analysis.md, "Cluster quality").

  hotline clusters eval --file hot_messages.tsv --dump clusters.tsv
  tools/cluster_purity.py hot_messages.tsv clusters.tsv

A problem is the messages naming its place and its matter (regular
expressions below, chosen by reading the messages). Its cluster is the one
holding most of them; recall = share of the problem's messages in that
cluster, purity = share of that cluster's messages about the problem,
place purity = share naming the place at all.
"""
import csv
import re
import sys
from collections import Counter, defaultdict

PROBLEMS = [
    ("伊景园滨河苑 捆绑销售车位", "伊景园", "车位"),
    ("丽发新城 搅拌站噪音粉尘", "丽发新城", "搅拌|噪音|粉尘|灰尘|污染"),
    ("魅力之城 油烟扰民", "魅力之城", "油烟|夜宵|烧烤|餐饮|餐馆"),
    ("58车贷 / 展星投资", "58车贷|展星", "."),
    ("凉塘路 旧城改造", "凉塘路", "改造|拆迁"),
    ("五矿万境 建房质量", "五矿万境", "."),
]


def main(messages_path, dump_path):
    csv.field_size_limit(1 << 24)
    text = {}
    with open(messages_path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text[row["id"]] = (row.get("subject") or "") + " " + (row.get("detail") or "")
    cluster_of = {}
    members = defaultdict(list)
    with open(dump_path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cluster_of[row["number"]] = row["cluster"]
            members[row["cluster"]].append(row["number"])
    print("| problem | messages | its cluster | of them in it (recall) | cluster about it (purity) "
          "| naming the place | other clusters / alone |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, place, matter in PROBLEMS:
        about = {i for i, t in text.items() if re.search(place, t) and re.search(matter, t)}
        counts = Counter(cluster_of[i] for i in about if i in cluster_of)
        if not counts:
            print(f"| {name} | {len(about)} | — | 0 | — | — | 0 / {len(about)} |")
            continue
        c, n = counts.most_common(1)[0]
        size = len(members[c])
        named = sum(1 for i in members[c] if re.search(place, text.get(i, "")))
        alone = sum(1 for i in about if i not in cluster_of)
        print(f"| {name} | {len(about)} | {size} | {n} ({n / len(about):.0%}) | "
              f"{n / size:.0%} | {named / size:.0%} | {len(counts) - 1} / {alone} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
