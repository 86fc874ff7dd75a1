"""What the small-group rule costs the staff pages, on the demo at several sizes.

    .venv/bin/python bench/disclosure_cost.py [--responses 240 2000]

For each size, loads the demo (``consult demo load --responses N``) into a fresh SQLite
database in a temporary folder, builds every published figure (``published_figures``: the
lattice of quartiers × one segment, every measure suppressed) and prints:

- the build time, against the baseline measured in the same run: each measure protected
  apart, as before the identities between a group's measures became lines (that way
  respondents − base could reveal 1 … k−1 people without an opinion);
- groups shown (size published) out of all groups of the lattice, in both ways;
- per question, bases widened (shown with « base élargie ») among shown groups, and by how much
  a widened base exceeds the exact one (mean and max, in % of the exact base): shares over it
  are that much lower;
- « sans avis » and « sans réponse » masked among shown groups, in both ways.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from analysis.suppression import is_hidden  # noqa: E402
from consult import create_app  # noqa: E402
from consult.db import session_scope  # noqa: E402
from consult.models import Consultation  # noqa: E402
from consult.questionnaire.segments import ANSWER_ROLES  # noqa: E402
from consult.reports import published as published_module  # noqa: E402
from consult.services.demo import DEMO_SLUG  # noqa: E402

K = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, nargs="+", default=[240, 2000])
    args = parser.parse_args()
    for responses in args.responses:
        with tempfile.TemporaryDirectory() as folder:
            measure(responses, Path(folder) / "demo.db")


def measure(responses: int, path: Path) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["questionnaires", "load"]):
        assert runner.invoke(args=command).exit_code == 0, command
    loaded = runner.invoke(args=["demo", "load", "--responses", str(responses)])
    assert loaded.exit_code == 0, loaded.output
    with session_scope(app) as session:
        consultation = session.scalar(select(Consultation).filter_by(slug=DEMO_SLUG))
        joint, joint_s = timed(lambda: published_module._build(session, consultation, K))
        with mock.patch.object(published_module, "_protect_answering", _apart):
            apart, apart_s = timed(lambda: published_module._build(session, consultation, K))
        exact = exact_bases(session, consultation)
    print(f"\n== demo, {responses} respondents, k = {K}")
    ratio = joint_s / apart_s
    print(f"build: {joint_s:.2f} s (baseline, measures apart: {apart_s:.2f} s; ×{ratio:.1f})")
    for name, figures in (("identities protected", joint), ("measures apart (before)", apart)):
        sizes = figures.figures[published_module.RESPONDENTS]
        shown = [g for g, v in sizes.items() if not is_hidden(v)]
        print(f"{name}: groups shown {len(shown)} of {len(sizes)}")
        for role in ANSWER_ROLES:
            masked = {
                label: sum(is_hidden(figures.get(m(role), *g)) for g in shown)
                for label, m in (
                    ("sans avis", published_module.no_opinion),
                    ("sans réponse", published_module.no_answer),
                )
            }
            line = (
                f"  {role}: « sans avis » masked {masked['sans avis']},"
                f" « sans réponse » {masked['sans réponse']}"
            )
            widened = [g for g in shown if (role, g) in figures.widened]
            if widened and figures is not joint:
                line += f"; bases hidden (shares gone) {len(widened)} of {len(shown)}"
            elif widened:
                excess = [
                    100
                    * (int(figures.get(published_module.base(role), *g)) - exact[role][g])
                    / max(exact[role][g], 1)
                    for g in widened
                ]
                line += (
                    f"; bases widened {len(widened)} of {len(shown)}"
                    f" (+{statistics.mean(excess):.1f} % on average, at most +{max(excess):.1f} %)"
                )
            print(line)


def _apart(counts, quartiers, k, nested, sizes):
    """The way before: each measure alone over the lattice (no widening needed)."""
    people_of = counts[published_module.RESPONDENTS]
    small = {g for g, v in sizes.items() if is_hidden(v) and v.reason == "small"}
    forced = {g: v for g, v in sizes.items() if is_hidden(v) and g not in small}
    figures = {published_module.RESPONDENTS: sizes}
    for measure in published_module._answering_measures()[1:]:
        values = counts.get(measure, {g: 0 for g in people_of})
        figures[measure] = published_module._protect(
            values, quartiers, k, nested, people_of, small, forced
        )
    hidden = {
        (role, g)
        for role in ANSWER_ROLES
        for g, v in figures[published_module.base(role)].items()
        if is_hidden(v)
    }
    return figures, hidden


def exact_bases(session, consultation) -> dict[str, dict]:
    people = published_module.respondents_frame(session, consultation.id)
    frame = published_module.answers_frame(session, consultation.id)
    members = published_module.measure_matrix(people, frame)
    quartiers = tuple(q.id for q in consultation.quartiers)
    counts = published_module._lattice_counts(
        people, members, quartiers, published_module.DIMENSIONS
    )
    return {role: counts[published_module.base(role)] for role in ANSWER_ROLES}


def timed(build):
    start = time.perf_counter()
    result = build()
    return result, time.perf_counter() - start


if __name__ == "__main__":
    main()
