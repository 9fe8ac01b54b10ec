"""Reads {"series": [[...], ...], "windowLength": n, "maxPValue": p} on stdin and prints, for each
series, the indices of the change points Apache Otava finds (compute_change_points), as JSON."""
import json
import sys

from otava.analysis import compute_change_points

request = json.load(sys.stdin)
out = []
for series in request["series"]:
    # A Python list, not a numpy array: Otava slices lists into windows (arrays are not sliced).
    points, _ = compute_change_points(
        list(series), window_len=request["windowLength"], max_pvalue=request["maxPValue"]
    )
    out.append([int(cp.index) for cp in points])
json.dump(out, sys.stdout)
