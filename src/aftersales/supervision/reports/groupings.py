"""One statement for many groupings of the same cases. Rather than a scan per grouping that
tests every case's figures again, the cases are read once into a common table expression
with a key column `k_<by>` per grouping and a column per figure, and that narrow set is
grouped each way (UNION ALL; keys as text). The statement's rows: `by`, `k`, `count` and
each figure summed."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, cast, func, literal, select, union_all


def each_grouping(cases: Any, bys: tuple[str, ...], figures: tuple[str, ...]) -> Any:
    """`cases` grouped each of `bys` ways: one row of it is one case."""
    return union_all(
        *[
            select(
                literal(by).label("by"),
                cast(cases.c[f"k_{by}"], String).label("k"),
                func.count().label("count"),
                *[func.sum(cases.c[name]).label(name) for name in figures],
            ).group_by(cases.c[f"k_{by}"])
            for by in bys
        ]
    )


def each_grouping_with(
    live: Any, bys: tuple[str, ...], figures: tuple[str, ...], rows_of: Callable[[str], Any]
) -> Any:
    """The cases counted live (`live`: keys already text, `n` 1 for each case) grouped each
    of `bys` ways together with that grouping's summary rows (`rows_of(by)`: `k`, `n` and
    the figures)."""
    parts = []
    for by in bys:
        both = union_all(
            select(live.c[f"k_{by}"].label("k"), live.c.n, *[live.c[name] for name in figures]),
            rows_of(by),
        ).subquery()
        parts.append(
            select(
                literal(by).label("by"),
                both.c.k,
                func.sum(both.c.n).label("count"),
                *[func.sum(both.c[name]).label(name) for name in figures],
            ).group_by(both.c.k)
        )
    return union_all(*parts)
