"""Accept pandas or polars data frames, or a mapping of column name to sequence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # the 97.5 % point of the standard normal distribution


def to_pandas(data: Any, columns: Sequence[str]) -> pd.DataFrame:
    """A pandas copy of ``data`` with only ``columns``, rows with a missing value dropped.

    Polars frames are converted column by column (no pyarrow needed).
    """
    if isinstance(data, pd.DataFrame):
        frame = data
    elif hasattr(data, "to_dict") and hasattr(data, "schema") and hasattr(data, "columns"):
        frame = pd.DataFrame(data.select(list(columns)).to_dict(as_series=False))
    elif isinstance(data, Mapping):
        frame = pd.DataFrame({name: list(data[name]) for name in columns})
    else:
        raise TypeError("Expected a pandas or polars data frame, or a mapping of columns.")
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise KeyError(f"Column(s) not in the data: {', '.join(missing)}")
    return frame.loc[:, list(columns)].dropna().reset_index(drop=True)


def as_indicator(values: pd.Series, name: str) -> np.ndarray:
    """A 0/1 float array from booleans or 0/1 numbers; anything else is an error."""
    array = np.asarray(values)
    if array.dtype == bool:
        return array.astype(float)
    numeric = pd.to_numeric(pd.Series(array), errors="coerce").to_numpy(dtype=float)
    if np.isnan(numeric).any() or not np.isin(numeric, (0.0, 1.0)).all():
        raise ValueError(f"Column {name!r} must hold 0/1 or True/False.")
    return numeric


def is_count(values: np.ndarray) -> bool:
    """Non-negative whole numbers: the outcome is a count of events."""
    return bool(len(values)) and bool(np.all(values >= 0)) and bool(np.all(np.floor(values) == values))


def finite_or_none(value: float) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None
