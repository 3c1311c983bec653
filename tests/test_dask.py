"""starcheck.dask.grade on a real distributed.LocalCluster: 2 worker processes, offline."""

from __future__ import annotations

import pytest

HINT = "pip install 'starcheck[dask]'"
pd = pytest.importorskip("pandas", reason=f"starcheck.dask needs pandas: {HINT}")
dd = pytest.importorskip("dask.dataframe", reason=f"starcheck.dask needs dask[dataframe]: {HINT}")
distributed = pytest.importorskip("distributed", reason=f"the cluster test needs distributed: {HINT}")

import starcheck  # noqa: E402
import starcheck.dask  # noqa: E402

ANSWERS = [
    "Our support queue had grown to 400 open tickets. I set up a triage rota. It fell to 150 in three weeks.",
    None,
    "I fixed the build. It got faster.",
    "",
    "When a release slips I talk to the team first and then agree a new date.",
]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, worker_dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_import_does_not_shadow_dask():
    import dask

    assert dask.__name__ == "dask" and hasattr(dask, "compute")
    assert starcheck.dask.__name__ == "starcheck.dask"


def test_grade_on_a_cluster_matches_grade_frame_and_loads_once_per_worker(client, scorer):
    texts = [ANSWERS[i % len(ANSWERS)] for i in range(40)]
    df = pd.DataFrame({"answer": texts, "n": range(40)}, index=pd.RangeIndex(1000, 1040, name="row"))
    ddf = dd.from_pandas(df, npartitions=6)

    graded = starcheck.dask.grade(ddf, text_col="answer")
    assert list(graded.columns) == list(starcheck.grade_frame(df.iloc[:0], scorer=scorer).columns)
    result = graded.compute()

    expected = starcheck.grade_frame(df, scorer=scorer)
    pd.testing.assert_frame_equal(result, expected)
    assert result.index.equals(df.index)
    assert (result.dtypes == graded.dtypes).all()  # the meta told the truth
    assert ddf.join(graded).compute().loc[1002, "score"] == scorer.score(ANSWERS[2]).score

    # Second run: no worker loads the pipeline again.
    starcheck.dask.grade(ddf, text_col="answer").compute()
    per_worker = client.run(starcheck.dask.cached_scorers)
    assert len(per_worker) == 2 and sum(state["loads"] for state in per_worker.values()) >= 1
    assert all(state == {"cached": 1, "loads": 1} for state in per_worker.values() if state["loads"]), per_worker


def test_rubric_and_report_options(client, scorer):
    df = pd.DataFrame({"text": ANSWERS * 2})
    ddf = dd.from_pandas(df, npartitions=2)
    graded = starcheck.dask.grade(ddf, text_col="text", rubric="senior-engineering", report=False).compute()
    assert "report" not in graded.columns
    senior = starcheck.Scorer("senior-engineering")
    pd.testing.assert_frame_equal(graded, starcheck.grade_frame(df, text_col="text", scorer=senior, report=False))


def test_missing_column_fails_on_the_client():
    ddf = dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="no column 'answer'"):
        starcheck.dask.grade(ddf)
