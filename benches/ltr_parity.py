#!/usr/bin/env python3
"""Learning-to-rank parity: shiprank's LambdaMART against LightGBM's lambdarank.

Both tools train with their own defaults on the same SVMlight/LETOR files (LightGBM gets only
the thread count, ``verbose=-1`` and ``deterministic=True``), then score the same test rows.
NDCG@k is computed here, from each tool's per-row scores, with one implementation (see
``query_ndcg``), so the two tools are measured alike. Training is timed by the wall clock.

The harness reports; it does not judge: it exits 0 unless something failed to run. See
benches/LTR_PARITY.md.
"""

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

import lightgbm
import numpy as np
from sklearn.datasets import load_svmlight_files

STAGES = {"rejected": 0, "screened": 1, "interviewed": 2, "hired": 3}


@dataclass
class Split:
    """One LETOR file as read: its rows, labels and query sizes."""

    path: str
    query_file: str  # the LightGBM .query file used, "" when the file carries qid fields
    X: object
    y: np.ndarray
    groups: np.ndarray
    note: str = ""


@dataclass
class Dataset:
    """A dataset to compare on: train/test (and optional validation) LETOR files."""

    name: str
    train: str
    test: str
    valid: str = ""
    notes: list = field(default_factory=list)
    # hiring-synthetic only: the native candidate-data run of shiprank, keyed by row
    native: dict = field(default_factory=dict)
    lightgbm: bool = True


class HarnessError(Exception):
    """Something failed to run (a missing file, a failing command, unreadable output)."""


# ---------------------------------------------------------------------------------------------
# Reading LETOR files


def read_query_file(path):
    """Read a LightGBM query file: one query size per line (blank lines ignored)."""
    with open(path, encoding="utf-8") as f:
        return [int(line) for line in f if line.strip()]


def groups_from_qids(qids):
    """Query sizes from consecutive runs of equal qids; also how many qids come back later."""
    sizes, seen, returning = [], set(), 0
    previous = None
    for q in qids:
        if sizes and q == previous:
            sizes[-1] += 1
            continue
        if q in seen:
            returning += 1
        seen.add(q)
        sizes.append(1)
        previous = q
    return np.array(sizes, dtype=np.int64), returning


def load_splits(paths):
    """Load LETOR files with a common feature count (the largest); derive query sizes.

    A file with qid fields is grouped by consecutive qid runs; a file without them needs a
    LightGBM ``FILE.query`` beside it (as shiprank's ``--query`` default does).
    """
    for p in paths:
        if not os.path.isfile(p):
            raise HarnessError(f"missing data file {p}")
    loaded = load_svmlight_files(paths, query_id=True, dtype=np.float64)
    splits = []
    for i, path in enumerate(paths):
        X, y, qid = loaded[3 * i], loaded[3 * i + 1], loaded[3 * i + 2]
        n = X.shape[0]
        note = ""
        if len(qid) == n:
            groups, returning = groups_from_qids(qid.tolist())
            query_file = ""
            if returning:
                note = (f"{path}: {returning} qid run(s) repeat an earlier qid; each run is "
                        "counted as its own query")
        else:
            query_file = path + ".query"
            if not os.path.isfile(query_file):
                raise HarnessError(f"{path} has no qid fields and no {query_file}")
            groups = np.array(read_query_file(query_file), dtype=np.int64)
            if int(groups.sum()) != n:
                raise HarnessError(f"{query_file} sums to {int(groups.sum())} rows, "
                                   f"{path} has {n}")
        splits.append(Split(path, query_file, X, y, groups, note))
    return splits


# ---------------------------------------------------------------------------------------------
# NDCG: one implementation for both tools


def query_ndcg(labels, scores, ks):
    """NDCG@k of one query for each k.

    Gain 2^label - 1, discount 1/log2(rank + 1) with ranks from 1; the ranking is a stable sort
    by descending score, so tied scores keep the file's row order; a cutoff beyond the query
    uses the whole query; a query with no relevant row (ideal DCG 0) counts 1.0 (LightGBM).
    """
    order = np.argsort(-scores, kind="stable")
    gains = np.power(2.0, labels) - 1.0
    discounts = 1.0 / np.log2(np.arange(2, len(labels) + 2, dtype=np.float64))
    ranked = gains[order]
    ideal = np.sort(gains)[::-1]
    values = {}
    for k in ks:
        m = min(k, len(labels))
        idcg = float(np.dot(ideal[:m], discounts[:m]))
        values[k] = 1.0 if idcg <= 0.0 else float(np.dot(ranked[:m], discounts[:m])) / idcg
    return values


def mean_ndcg(labels, scores, groups, ks):
    """Mean NDCG@k over the queries given by consecutive group sizes."""
    if len(scores) != len(labels):
        raise HarnessError(f"{len(scores)} scores for {len(labels)} rows")
    totals = {k: 0.0 for k in ks}
    start = 0
    for size in groups:
        end = start + int(size)
        for k, v in query_ndcg(labels[start:end], scores[start:end], ks).items():
            totals[k] += v
        start = end
    return {k: totals[k] / len(groups) for k in ks}


# ---------------------------------------------------------------------------------------------
# Running the tools


def run(argv, what):
    """Run a command; return its wall-clock seconds. Raise HarnessError with stderr on failure."""
    started = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise HarnessError(f"{what} failed (exit {proc.returncode}): {' '.join(argv)}\n"
                           f"{proc.stderr.strip()}")
    return elapsed


def shiprank_version(binary):
    """The first line of `shiprank --version`, or "" when it cannot be read."""
    try:
        out = subprocess.run([binary, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, check=False).stdout
        return out.strip().splitlines()[0] if out.strip() else ""
    except OSError:
        return ""


def train_lightgbm(train, threads, repeat):
    """Train LGBMRanker(objective="lambdarank") with library defaults; time fit() `repeat` times."""
    times, model = [], None
    for _ in range(repeat):
        model = lightgbm.LGBMRanker(objective="lambdarank", n_jobs=threads, verbose=-1,
                                    deterministic=True)
        started = time.perf_counter()
        model.fit(train.X, train.y, group=train.groups)
        times.append(time.perf_counter() - started)
    return model, times


def letor_args(split_path, query_file):
    """The --letor/--query arguments of shiprank for one LETOR file."""
    args = ["--letor", split_path]
    if query_file:
        args += ["--query", query_file]
    return args


def train_shiprank(binary, train, model_path, threads, repeat):
    """Train shiprank's LambdaMART with its defaults; time the whole process `repeat` times."""
    argv = [binary, "train", *letor_args(train.path, train.query_file), "--algo", "lambdamart",
            "--out", model_path, "--threads", str(threads), "--quiet"]
    return [run(argv, "shiprank train") for _ in range(repeat)]


def without_comments(path, workdir, tag):
    """`path`, or a copy without `# ...` comments when it has any.

    shiprank's TREC run names a LETOR row by its `#docid = X` comment when there is one and by
    its 1-based row number otherwise; the copy makes the docid the row number.
    """
    with open(path, encoding="utf-8") as f:
        if not any("#" in line for line in f):
            return path
    copy = os.path.join(workdir, f"{tag}-{os.path.basename(path)}.nocomment")
    with open(path, encoding="utf-8") as src, open(copy, "w", encoding="utf-8") as dst:
        for line in src:
            dst.write(line.split("#", 1)[0].rstrip() + "\n")
    return copy


def read_run(path):
    """Read a TREC run (`qid Q0 docid rank score tag`) into a list of (qid, docid, score)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 5:
                rows.append((parts[0], parts[2], float(parts[4])))
    return rows


def score_shiprank(binary, split, model_path, threads, workdir, tag):
    """Score a LETOR file with a shiprank model: per-row scores and shiprank's own means."""
    letor = without_comments(split.path, workdir, tag)
    run_path = os.path.join(workdir, f"{tag}.run")
    json_path = os.path.join(workdir, f"{tag}.evaluate.json")
    argv = [binary, "evaluate", *letor_args(letor, split.query_file), "--model", model_path,
            "--format", "json", "--out", json_path, "--run", run_path, "--threads",
            str(threads), "--quiet"]
    run(argv, "shiprank evaluate")
    n = split.X.shape[0]
    scores = np.full(n, np.nan)
    for _, docid, score in read_run(run_path):
        if not docid.isdigit() or not 1 <= int(docid) <= n or not np.isnan(scores[int(docid) - 1]):
            raise HarnessError(f"{run_path}: docid {docid!r} is not a row number of {letor}")
        scores[int(docid) - 1] = score
    if np.isnan(scores).any():
        raise HarnessError(f"{run_path}: {int(np.isnan(scores).sum())} rows without a score")
    with open(json_path, encoding="utf-8") as f:
        reported = json.load(f)
    own = {k: v for k, v in reported.items() if k.startswith("ndcg@")}
    return scores, own


# ---------------------------------------------------------------------------------------------
# hiring-synthetic: candidates and labels from `shiprank generate`, features from `rank --explain`


def strip_filters(roles_path, out_path):
    """Copy a roles file without its one-line `filters = {...}` tables.

    Hard filters drop pairs from `rank` but not from training or evaluation, so without them
    `rank --explain` prints the features of every labelled pair. Returns how many were removed.
    """
    pattern = re.compile(r"^\s*filters\s*=\s*\{.*\}\s*(#.*)?$")
    removed = 0
    with open(roles_path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as dst:
        for line in src:
            if pattern.match(line):
                removed += 1
                continue
            if re.match(r"^\s*\[\[?role\.filters\]?\]", line):
                raise HarnessError(f"{roles_path}: a [role.filters] table; only inline "
                                   "`filters = {...}` lines can be removed")
            dst.write(line)
    return removed


def read_labels(path):
    """Read role_id,candidate_id,label rows (grades 0-3 or stage names) in file order."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            label = rec["label"].strip().lower()
            rows.append((rec["role_id"], rec["candidate_id"],
                         STAGES[label] if label in STAGES else int(label)))
    return rows


def read_explain(path):
    """Read `rank --explain --format csv`: feature names and {(role, candidate): [values]}."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        names = [h for h in header if h + "_contribution" in header]
        cols = [header.index(h) for h in names]
        role, cand = header.index("role_id"), header.index("candidate_id")
        features = {(r[role], r[cand]): [r[c] for c in cols] for r in reader}
    return names, features


def write_labels(path, rows):
    """Write role_id,candidate_id,label rows."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["role_id", "candidate_id", "label"])
        w.writerows(rows)


def write_letor(path, rows, features, role_index):
    """Write rows as LETOR (`label qid:Q 1:v ...`, qid = role) with the values as printed."""
    with open(path, "w", encoding="utf-8") as f:
        for role, cand, label in rows:
            values = " ".join(f"{j + 1}:{v}" for j, v in enumerate(features[(role, cand)]))
            f.write(f"{label} qid:{role_index[role]} {values}\n")


def build_hiring(args, workdir):
    """Generate the hiring-synthetic dataset; return a Dataset (LETOR files + native run)."""
    b, threads, as_of = args.bin, str(args.threads), args.hiring_as_of
    gen = os.path.join(workdir, "generated")
    run([b, "generate", "--count", str(args.hiring_count), "--seed", str(args.hiring_seed),
         "--as-of", as_of, "--roles", args.roles, "--out-dir", gen, "--with-labels",
         "--threads", threads, "--quiet"], "shiprank generate")
    candidates = os.path.join(gen, "candidates.csv")
    labels = read_labels(os.path.join(gen, "labels.csv"))

    roles = list(dict.fromkeys(r for r, _, _ in labels))
    role_index = {r: i + 1 for i, r in enumerate(roles)}
    if args.hiring_split == "role":
        test_roles = (args.hiring_test_roles.split(",") if args.hiring_test_roles
                      else roles[-3:])
        unknown = set(test_roles) - set(roles)
        if unknown:
            raise HarnessError(f"--hiring-test-roles: no such role {sorted(unknown)}")
        is_test = lambda role, cand: role in test_roles  # noqa: E731
        split_note = f"split by role: test roles {', '.join(test_roles)}"
    else:
        cands = list(dict.fromkeys(c for _, c, _ in labels))
        position = {c: i for i, c in enumerate(cands)}
        is_test = lambda role, cand: position[cand] % 3 == 2  # noqa: E731
        split_note = "split by candidate: every third candidate in file order is test"
    train_rows = [r for r in labels if not is_test(r[0], r[1])]
    test_rows = [r for r in labels if is_test(r[0], r[1])]
    train_labels, test_labels = (os.path.join(workdir, "train-labels.csv"),
                                 os.path.join(workdir, "test-labels.csv"))
    write_labels(train_labels, train_rows)
    write_labels(test_labels, test_rows)

    ds = Dataset("hiring-synthetic", "", "")
    ds.notes.append(f"{args.hiring_count} candidates, seed {args.hiring_seed}, as of {as_of}, "
                    f"{len(roles)} roles; {split_note}")

    # Native shiprank: candidates + labels, features extracted inside shiprank.
    native_model = os.path.join(workdir, "native-model.json")
    native_times = [run([b, "train", "--candidates", candidates, "--roles", args.roles,
                         "--labels", train_labels, "--as-of", as_of, "--algo", "lambdamart",
                         "--out", native_model, "--threads", threads, "--quiet"],
                        "shiprank train (candidates)") for _ in range(args.repeat)]
    native_run = os.path.join(workdir, "native.run")
    native_json = os.path.join(workdir, "native.evaluate.json")
    run([b, "evaluate", "--candidates", candidates, "--roles", args.roles, "--labels",
         test_labels, "--as-of", as_of, "--model", native_model, "--format", "json", "--out",
         native_json, "--run", native_run, "--threads", threads, "--quiet"],
        "shiprank evaluate (candidates)")
    native_scores = {(q, d): s for q, d, s in read_run(native_run)}
    with open(native_json, encoding="utf-8") as f:
        native_own = {k: v for k, v in json.load(f).items() if k.startswith("ndcg@")}
    ds.native = {"times": native_times, "scores": native_scores, "own": native_own,
                 "rows": test_rows}

    # Features of every labelled pair: `rank --explain` with the hard filters removed.
    roles_nofilter = os.path.join(workdir, "roles-nofilter.toml")
    removed = strip_filters(args.roles, roles_nofilter)
    explain = os.path.join(workdir, "explain.csv")
    run([b, "rank", "--candidates", candidates, "--roles", roles_nofilter, "--as-of", as_of,
         "--top", str(args.hiring_count), "--explain", "--format", "csv", "--out", explain,
         "--threads", threads, "--quiet"], "shiprank rank --explain")
    names, features = read_explain(explain)
    missing = [r for r in labels if (r[0], r[1]) not in features]
    if missing or not names:
        ds.lightgbm = False
        ds.notes.append(f"LightGBM SKIPPED: `rank --explain` gave no features for {len(missing)} "
                        f"of {len(labels)} labelled pairs; only shiprank's native run is shown")
        return ds
    ds.notes.append(f"features: the {len(names)} columns of `shiprank rank --explain --format "
                    f"csv` ({removed} hard-filter line(s) removed from a copy of {args.roles} so "
                    "every labelled pair is ranked), written as LETOR for both tools")
    ds.train = os.path.join(workdir, "train.letor")
    ds.test = os.path.join(workdir, "test.letor")
    write_letor(ds.train, train_rows, features, role_index)
    write_letor(ds.test, test_rows, features, role_index)
    return ds


# ---------------------------------------------------------------------------------------------
# Datasets and reporting


def parse_dataset_arg(value):
    """Parse --dataset NAME=TRAIN,TEST[,VALID] or NAME=DIR (DIR/train.txt, test.txt, vali.txt)."""
    if "=" not in value:
        raise argparse.ArgumentTypeError("expected NAME=TRAIN,TEST[,VALID] or NAME=DIR")
    name, spec = value.split("=", 1)
    if os.path.isdir(spec):
        valid = os.path.join(spec, "vali.txt")
        return Dataset(name, os.path.join(spec, "train.txt"), os.path.join(spec, "test.txt"),
                       valid if os.path.isfile(valid) else "")
    parts = spec.split(",")
    if len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError("expected NAME=TRAIN,TEST[,VALID] or NAME=DIR")
    return Dataset(name, parts[0], parts[1], parts[2] if len(parts) == 3 else "")


def ndcg_diff(a, b, ks):
    """a - b per cutoff."""
    return {k: a[k] - b[k] for k in ks}


def compare_dataset(ds, args, ks):
    """Train and score both tools on one dataset; return its result record."""
    workdir = os.path.join(args.work, ds.name)
    os.makedirs(workdir, exist_ok=True)
    record = {"dataset": ds.name, "notes": ds.notes, "results": []}
    letor_scores = {}
    if ds.train:
        paths = [ds.train, ds.test] + ([ds.valid] if ds.valid else [])
        started = time.perf_counter()
        splits = load_splits(paths)
        load_seconds = time.perf_counter() - started
        train, evals = splits[0], [("test", splits[1])] + (
            [("valid", splits[2])] if ds.valid else [])
        record.update({"train": ds.train, "test": ds.test, "valid": ds.valid,
                       "features": int(train.X.shape[1]), "python_load_seconds": load_seconds,
                       "rows": {"train": int(train.X.shape[0]),
                                **{n: int(s.X.shape[0]) for n, s in evals}},
                       "queries": {"train": len(train.groups),
                                   **{n: len(s.groups) for n, s in evals}}})
        record["notes"] += [s.note for s in splits if s.note]

        model_path = os.path.join(workdir, "shiprank-model.json")
        ship_times = train_shiprank(args.bin, train, model_path, args.threads, args.repeat)
        with open(model_path, encoding="utf-8") as f:
            ship_params = json.load(f).get("params", {})
        lgb_model, lgb_times = (train_lightgbm(train, args.threads, args.repeat)
                                if ds.lightgbm else (None, []))
        for split_name, split in evals:
            if lgb_model is not None:
                record["results"].append({
                    "tool": "lightgbm", "split": split_name, "queries": len(split.groups),
                    "ndcg": mean_ndcg(split.y, lgb_model.predict(split.X), split.groups, ks),
                    "train_seconds": statistics.median(lgb_times), "train_runs": lgb_times,
                    "params": {k: v for k, v in lgb_model.get_params().items()
                               if v is not None}})
            scores, own = score_shiprank(args.bin, split, model_path, args.threads, workdir,
                                         split_name)
            letor_scores[split_name] = scores
            record["results"].append({
                "tool": "shiprank", "split": split_name, "queries": len(split.groups),
                "ndcg": mean_ndcg(split.y, scores, split.groups, ks),
                "shiprank_reported": own, "train_seconds": statistics.median(ship_times),
                "train_runs": ship_times, "params": ship_params})
    if ds.native:
        rows = ds.native["rows"]
        keys = [(r, c) for r, c, _ in rows]
        missing = [k for k in keys if k not in ds.native["scores"]]
        if missing:
            raise HarnessError(f"native run: {len(missing)} test pairs without a score")
        scores = np.array([ds.native["scores"][k] for k in keys])
        if "test" in letor_scores:
            gap = float(np.max(np.abs(scores - letor_scores["test"])))
            record["native_vs_letor_max_score_difference"] = gap
            record["notes"].append(f"shiprank trained on candidates vs on the exported LETOR: "
                                   f"largest |score difference| on the test rows {gap:.3g}")
        labels = np.array([lab for _, _, lab in rows], dtype=np.float64)
        groups, _ = groups_from_qids([r for r, _, _ in rows])
        record["results"].append({
            "tool": "shiprank (candidates)", "split": "test", "queries": len(groups),
            "ndcg": mean_ndcg(labels, scores, groups, ks), "shiprank_reported": ds.native["own"],
            "train_seconds": statistics.median(ds.native["times"]),
            "train_runs": ds.native["times"]})
    record["comparisons"] = []
    for split_name in ("test", "valid"):
        by_tool = {r["tool"]: r for r in record["results"] if r["split"] == split_name}
        if "lightgbm" in by_tool and "shiprank" in by_tool:
            s, g = by_tool["shiprank"], by_tool["lightgbm"]
            diff = ndcg_diff(s["ndcg"], g["ndcg"], ks)
            ratio = s["train_seconds"] / g["train_seconds"] if g["train_seconds"] else float("inf")
            record["comparisons"].append({
                "split": split_name, "ndcg_diff": diff, "time_ratio": ratio,
                "ndcg_within_tolerance": all(d >= -args.tolerance for d in diff.values()),
                "time_within_ratio": ratio <= args.time_ratio})
    return record


def print_table(records, ks, args, out):
    """Print the results table, the differences and one verdict line per comparison."""
    head = (f"{'dataset':<24} {'tool':<22} {'q':>5} "
            + " ".join(f"{'NDCG@' + str(k):>8}" for k in ks) + f" {'train s':>9}")
    print(head, file=out)
    print("-" * len(head), file=out)
    for rec in records:
        if "error" in rec:
            print(f"{rec['dataset']:<24} FAILED: {rec['error'].splitlines()[0]}", file=out)
            continue
        for r in rec["results"]:
            label = rec["dataset"] + ("" if r["split"] == "test" else f" ({r['split']})")
            print(f"{label:<24} {r['tool']:<22} {r['queries']:>5} "
                  + " ".join(f"{r['ndcg'][k]:>8.4f}" for k in ks)
                  + f" {r['train_seconds']:>9.3f}", file=out)
        for c in rec["comparisons"]:
            label = rec["dataset"] + ("" if c["split"] == "test" else f" ({c['split']})")
            print(f"{label:<24} {'shiprank - lightgbm':<22} {'':>5} "
                  + " ".join(f"{c['ndcg_diff'][k]:>+8.4f}" for k in ks)
                  + f" {c['time_ratio']:>8.2f}x", file=out)
    print(file=out)
    for rec in records:
        for note in rec.get("notes", []):
            print(f"note [{rec['dataset']}]: {note}", file=out)
    for rec in records:
        for c in rec.get("comparisons", []):
            worst = min(ks, key=lambda k: c["ndcg_diff"][k])
            label = rec["dataset"] + ("" if c["split"] == "test" else f" ({c['split']})")
            print(f"{label}: NDCG within {args.tolerance} of LightGBM or ahead at every cutoff: "
                  f"{'yes' if c['ndcg_within_tolerance'] else 'NO'} (worst {c['ndcg_diff'][worst]:+.4f} "
                  f"at @{worst}); training time <= {args.time_ratio}x LightGBM: "
                  f"{'yes' if c['time_within_ratio'] else 'NO'} ({c['time_ratio']:.2f}x)",
                  file=out)


def jsonable(value):
    """A copy of the results with NDCG cutoffs keyed "ndcg@k" instead of k."""
    if isinstance(value, dict):
        return {(f"ndcg@{k}" if isinstance(k, int) else k): jsonable(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def main(argv=None):
    """Parse options, run every dataset, print the table and write the JSON results."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bin", default=os.environ.get("BIN", ""),
                   help="the shiprank binary [default: $BIN]")
    p.add_argument("--threads", type=int, default=2, help="threads of both tools [2]")
    p.add_argument("--repeat", type=int, default=1,
                   help="training runs per tool; the median is reported [1]")
    p.add_argument("--shared", default="../shared/data",
                   help="shared data folder holding ltr/lightgbm_lambdarank [../shared/data]")
    p.add_argument("--datasets", default="lightgbm-example,hiring-synthetic",
                   help="built-in datasets to run, comma-separated ('' for none) "
                        "[lightgbm-example,hiring-synthetic]")
    p.add_argument("--dataset", action="append", default=[], type=parse_dataset_arg,
                   metavar="NAME=TRAIN,TEST[,VALID]|NAME=DIR",
                   help="an extra LETOR dataset (repeatable); DIR holds train.txt, test.txt "
                        "and optionally vali.txt (an MQ2007/MSLR fold)")
    p.add_argument("--k", default="1,3,5,10", help="NDCG cutoffs [1,3,5,10]")
    p.add_argument("--json", default="", help="also write the results here as JSON")
    p.add_argument("--work", default="target/ltr-parity",
                   help="scratch folder for models, runs, generated data [target/ltr-parity]")
    p.add_argument("--tolerance", type=float, default=0.002,
                   help="NDCG shortfall still reported as parity [0.002]")
    p.add_argument("--time-ratio", type=float, default=1.5,
                   help="training time ratio still reported as parity [1.5]")
    p.add_argument("--roles", default="data/roles.toml",
                   help="hiring-synthetic: the roles file [data/roles.toml]")
    p.add_argument("--hiring-count", type=int, default=3000, help="hiring-synthetic: candidates")
    p.add_argument("--hiring-seed", type=int, default=42, help="hiring-synthetic: seed [42]")
    p.add_argument("--hiring-as-of", default="2026-10-01", help="hiring-synthetic: as-of date")
    p.add_argument("--hiring-split", choices=["role", "candidate"], default="role",
                   help="hiring-synthetic: hold out whole roles (queries) or every third "
                        "candidate of every role [role]")
    p.add_argument("--hiring-test-roles", default="",
                   help="hiring-synthetic with --hiring-split role: test role ids, "
                        "comma-separated [the last 3 roles]")
    args = p.parse_args(argv)
    if not args.bin:
        p.error("give the shiprank binary with --bin or $BIN")
    if args.threads < 1 or args.repeat < 1:
        p.error("--threads and --repeat must be at least 1")
    ks = [int(k) for k in args.k.split(",")]

    datasets = []
    for name in filter(None, args.datasets.split(",")):
        if name == "lightgbm-example":
            d = os.path.join(args.shared, "ltr", "lightgbm_lambdarank")
            datasets.append(Dataset(name, os.path.join(d, "rank.train"),
                                    os.path.join(d, "rank.test")))
        elif name == "hiring-synthetic":
            datasets.append(None)  # built when its turn comes
        else:
            p.error(f"unknown built-in dataset {name!r}")
    datasets += args.dataset

    load_before = os.getloadavg()[0]
    records, failed = [], False
    for ds in datasets:
        name = ds.name if ds else "hiring-synthetic"
        print(f"[ltr_parity] {name} ...", file=sys.stderr, flush=True)
        try:
            if ds is None:
                workdir = os.path.join(args.work, name)
                os.makedirs(workdir, exist_ok=True)
                ds = build_hiring(args, workdir)
            records.append(compare_dataset(ds, args, ks))
        except (HarnessError, OSError, ValueError) as e:
            failed = True
            print(f"[ltr_parity] {name}: {e}", file=sys.stderr)
            records.append({"dataset": name, "error": str(e)})

    print_table(records, ks, args, sys.stdout)
    load_after = os.getloadavg()[0]
    print(f"threads {args.threads}, repeat {args.repeat} (median), LightGBM {lightgbm.__version__}"
          f", {shiprank_version(args.bin)}; load average {load_before:.2f} before, "
          f"{load_after:.2f} after")
    if load_before > 0.5:
        print(f"WARNING: load average {load_before:.2f} before the run: other processes use the "
              "CPUs, so the times are unreliable (LightGBM's OpenMP threads slow down the most "
              "when cores are oversubscribed; OMP_WAIT_POLICY=passive softens that)")
    if args.json:
        result = {"threads": args.threads, "repeat": args.repeat, "ks": ks,
                  "tolerance": args.tolerance, "time_ratio_limit": args.time_ratio,
                  "lightgbm_version": lightgbm.__version__, "shiprank_bin": args.bin,
                  "shiprank_version": shiprank_version(args.bin),
                  "timing": "LightGBM: LGBMRanker.fit() on arrays already in memory; shiprank: "
                            "wall clock of the `shiprank train` process (reads the file, "
                            "writes the model)",
                  "load_average_before": load_before, "load_average_after": load_after,
                  "datasets": records}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(jsonable(result), f, indent=2, default=str)
            f.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
