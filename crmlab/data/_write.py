"""Write a :class:`World` to CSV + JSON, byte-for-byte deterministic (private)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmlab.data import _schema as S
from crmlab.data._generate import World

TRUTH_JSON = "truth.json"
TRUTH_CUSTOMERS_CSV = "truth_customers.csv"

#: decimals written per float column (everything else is written exactly)
_DECIMALS = {"resolution_days": 1}


def _format(frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> pd.DataFrame:
    """Frame ready for ``to_csv``: ``YYYY-MM-DD`` dates, floats rounded (other decimals as text)."""
    decimals = decimals or {}
    out = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            codes, uniques = pd.factorize(col)
            labels = np.append(np.asarray(uniques.strftime("%Y-%m-%d"), dtype=object), "")
            out[name] = labels[codes]  # code -1 (NaT) → ""
        elif pd.api.types.is_float_dtype(col):
            d = decimals.get(name, 2)
            values = np.round(col.to_numpy(dtype="float64", na_value=np.nan), d)
            if d == 2:
                out[name] = values
            else:
                text = np.char.mod(f"%.{d}f", values).astype(object)
                text[np.isnan(values)] = ""
                out[name] = text
        else:
            out[name] = col
    return pd.DataFrame(out, index=frame.index)


def write_csv(frame: pd.DataFrame, path: Path, decimals: dict[str, int] | None = None) -> None:
    """Write ``frame`` as UTF-8 CSV with ``\\n`` line ends and fixed number formats."""
    _format(frame, decimals).to_csv(
        path, index=False, lineterminator="\n", encoding="utf-8", float_format="%.2f", na_rep=""
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return round(float(value), 6)
    return value


def write_world(world: World, out: str | os.PathLike[str]) -> list[Path]:
    """Write the six tables, ``truth.json`` and ``truth_customers.csv`` into ``out``."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in world.tables().items():
        path = folder / S.TABLES[name].filename
        write_csv(frame, path, _DECIMALS)
        written.append(path)
    decimals = {
        c: 6
        for c in world.truth_customers.columns
        if pd.api.types.is_float_dtype(world.truth_customers[c])
    }
    decimals.update({"mean_spend": 2, "observed_weeks": 4, "spend_nu": 8})
    path = folder / TRUTH_CUSTOMERS_CSV
    write_csv(world.truth_customers, path, decimals)
    written.append(path)
    path = folder / TRUTH_JSON
    text = json.dumps(_jsonable(world.truth), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    written.append(path)
    return written
