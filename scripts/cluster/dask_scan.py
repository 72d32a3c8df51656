#!/usr/bin/env python3
"""Scan WARC files with RxRadar on a Dask cluster.

Each WARC (or WARC.gz) file is one partition: a Dask task pipes it through
`rxradar scan --format warc -` and streams the JSON lines it prints to a part file. The parts are
then gathered, in input order, into one results.jsonl (and results.parquet when pandas has a
Parquet engine: pyarrow or fastparquet). The verdicts are those of a single-process run: the same
command reads the same records.

    python3 scripts/cluster/dask_scan.py --out results/ crawl/*.warc.gz                # a local cluster
    python3 scripts/cluster/dask_scan.py --scheduler tcp://10.0.0.5:8786 --out results/ ...  # an existing one

Every worker needs `rxradar` (npm install -g from a checkout, or `--rxradar "node /path/dist/cli/rxradar.mjs"`)
and read access to the WARC paths (a shared file system; for s3:// paths, fetch them in scan_warc).
A record rxradar cannot scan is counted and its message kept in errors.jsonl; the run goes on.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys


def scan_warc(index, path, rxradar, out_dir, extra_args):
    """One partition: pipes one WARC file through rxradar scan; returns a summary of the part."""
    part = os.path.join(out_dir, "part-%05d.jsonl" % index)
    command = shlex.split(rxradar) + ["scan", "--format", "warc", "--stdin-name", path] + extra_args + ["-"]
    records = flagged = 0
    with open(path, "rb") as warc, open(part, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, stdin=warc, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # stderr is small (one line per bad record); read it on the side so neither pipe fills up.
        import threading
        errors = []
        reader = threading.Thread(target=lambda: errors.extend(proc.stderr.read().decode("utf-8", "replace").splitlines()))
        reader.start()
        for line in proc.stdout:
            records += 1
            if json.loads(line)["level"] != "none":
                flagged += 1
            out.write(line.decode("utf-8"))
        code = proc.wait()
        reader.join()
    if code not in (0, 1):  # 1: some records failed (listed in errors); anything else: rxradar itself failed
        raise RuntimeError("rxradar scan failed on %s (exit %d): %s" % (path, code, " / ".join(errors[-3:])))
    return {"index": index, "warc": path, "part": part, "records": records, "flagged": flagged, "errors": errors}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("warcs", nargs="+", help="WARC or WARC.gz files, one partition each")
    ap.add_argument("--out", required=True, help="folder for part files, results.jsonl, errors.jsonl (and results.parquet)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler; default: a local cluster")
    ap.add_argument("--workers", type=int, default=2, help="workers of the local cluster (default 2)")
    ap.add_argument("--rxradar", default="rxradar", help='the rxradar command (default "rxradar")')
    ap.add_argument("--no-community", action="store_true", help="leave the community list out")
    args = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    os.makedirs(args.out, exist_ok=True)
    out_dir = os.path.abspath(args.out)
    extra = ["--no-community"] if args.no_community else []
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        # Loopback only, no dashboard: nothing listens beyond this machine.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        warcs = [os.path.abspath(p) for p in args.warcs]
        futures = [client.submit(scan_warc, i, p, args.rxradar, out_dir, extra, pure=False) for i, p in enumerate(warcs)]
        parts = sorted(client.gather(futures), key=lambda s: s["index"])
        cluster_workers = len(client.scheduler_info()["workers"])
        workers_used = sorted({address for holders in client.who_has(futures).values() for address in holders})
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    # Gather in input order: results.jsonl is what `rxradar scan FILE...` prints for the same files.
    with open(os.path.join(out_dir, "results.jsonl"), "w", encoding="utf-8") as results, open(os.path.join(out_dir, "errors.jsonl"), "w", encoding="utf-8") as errs:
        for s in parts:
            with open(s["part"], encoding="utf-8") as part:
                for line in part:
                    results.write(line)
            for e in s["errors"]:
                errs.write(json.dumps({"warc": s["warc"], "error": e}) + "\n")
    parquet = None
    try:
        import pandas as pd
        frame = pd.read_json(os.path.join(out_dir, "results.jsonl"), lines=True)
        for column in ("reasons", "listMatch", "lists"):
            if column in frame:
                frame[column] = frame[column].map(json.dumps)
        frame.to_parquet(os.path.join(out_dir, "results.parquet"))
        parquet = os.path.join(out_dir, "results.parquet")
    except (ImportError, ValueError):
        pass  # no Parquet engine here: results.jsonl is the result
    summary = {
        "warcs": len(parts),
        "records": sum(s["records"] for s in parts),
        "flagged": sum(s["flagged"] for s in parts),
        "errors": sum(len(s["errors"]) for s in parts),
        "cluster_workers": cluster_workers,
        "workers_used": len(workers_used),
        "results": os.path.join(out_dir, "results.jsonl"),
        "parquet": parquet,
    }
    print(json.dumps(summary))
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
