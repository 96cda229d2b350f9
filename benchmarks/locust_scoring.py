"""Locust users for benchmarks/load_scoring.py: assessors scoring their sheets over the JSON API.

Not meant to be run alone: load_scoring.py builds the database, writes the plan (one entry per
assessor: username, password, sheets and the scores to give) to the file named by
PARITRANA_LOAD_PLAN, starts the server and runs this file headless with as many users as the
plan has assessors. Each user:

1. logs in on the real login page (/masuk/, CSRF token and password, as a browser would);
2. waits until every user is logged in, so the timed phase is 100 assessors scoring at once
   and not the password hashing of the logins (reported apart, as "login");
3. for each of its sheets: GET the sheet (its `version`), then PUT every score with
   submit=true and that version. Every third assessor first saves a draft of one criterion,
   then replays a PUT with the version it read before the draft, which must be refused with
   409 "conflict" (counted as expected, not as a failure), then submits with the new version;
4. stops; the last one to finish stops the run and the timings go to PARITRANA_LOAD_RESULT.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import gevent
from gevent.event import Event
from locust import HttpUser, events, task
from locust.exception import StopUser

PLAN: list[dict[str, Any]] = json.loads(Path(os.environ["PARITRANA_LOAD_PLAN"]).read_text())
RESULT = os.environ["PARITRANA_LOAD_RESULT"]
SCORING = ("GET sheet", "PUT draft", "PUT stale (409 expected)", "PUT submit")

_next = itertools.count()
_everyone_in = Event()
_logged_in = 0
_finished = 0
_phase: dict[str, float] = {}
_times: dict[str, list[float]] = {name: [] for name in (*SCORING, "login")}
_failures: dict[str, int] = {}
_conflicts = 0  # 409s where one was expected


@events.request.add_listener
def _record(name: str, response_time: float, exception: Any, **_kwargs: Any) -> None:
    if exception is not None:
        _failures[name] = _failures.get(name, 0) + 1
    elif name in _times:
        _times[name].append(response_time)


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@events.quitting.add_listener
def _write(**_kwargs: Any) -> None:
    scoring = sorted(t for name in SCORING for t in _times[name])
    seconds = _phase.get("end", time.perf_counter()) - _phase.get("start", time.perf_counter())
    summary = {
        "users": len(PLAN),
        "logged_in": _logged_in,
        "finished": _finished,
        "scoring_seconds": round(seconds, 3),
        "scoring_requests": len(scoring),
        "per_second": round(len(scoring) / seconds, 1) if seconds > 0 else None,
        "p50_ms": round(statistics.median(scoring), 1) if scoring else None,
        "p95_ms": round(_percentile(scoring, 0.95), 1) if scoring else None,
        "p99_ms": round(_percentile(scoring, 0.99), 1) if scoring else None,
        "max_ms": round(scoring[-1], 1) if scoring else None,
        "by_name": {
            name: {
                "requests": len(times),
                "p50_ms": round(statistics.median(times), 1) if times else None,
                "p95_ms": round(_percentile(sorted(times), 0.95), 1) if times else None,
            }
            for name, times in _times.items()
        },
        "failures": _failures,
        "expected_conflicts": _conflicts,
    }
    with open(RESULT, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=2)


class Assessor(HttpUser):
    wait_time = staticmethod(lambda: 0)  # assessors saving as fast as the server answers

    def on_start(self) -> None:
        global _logged_in
        self.plan = PLAN[next(_next)]
        self.client.get("/masuk/", name="login page")
        with self.client.post(
            "/masuk/",
            data={
                "username": self.plan["username"],
                "password": self.plan["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            allow_redirects=False,
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "sessionid" not in self.client.cookies:
                response.failure(f"login refused: {response.status_code}")
        # Login rotates the CSRF token; the API checks it on every PUT of a session.
        self.headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        _logged_in += 1
        if _logged_in == len(PLAN):
            _phase["start"] = time.perf_counter()
            _everyone_in.set()
        _everyone_in.wait(timeout=600)

    def _put(self, url: str, body: dict[str, Any], name: str, expect: int = 200) -> Any:
        global _conflicts
        with self.client.put(
            url, json=body, headers=self.headers, name=name, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}: {response.text[:300]}")
                return None
            if expect == 409:
                if response.json().get("error", {}).get("code") != "conflict":
                    response.failure(f"409 without the conflict code: {response.text[:300]}")
                    return None
                _conflicts += 1
            response.success()  # a 409 would otherwise count as a failure
            return response.json()

    @task
    def score_every_sheet(self) -> None:
        global _finished
        for sheet in self.plan["sheets"]:
            url = f"/api/v1/penilaian/{sheet['stage']}/{sheet['nomination']}"
            with self.client.get(url, name="GET sheet", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code}: {response.text[:300]}")
                    continue
                version = response.json()["version"]
            scores = {
                code: {"value": value, "comment": comment}
                for code, (value, comment) in sheet["scores"].items()
            }
            if self.plan["draft_first"]:
                first = next(iter(scores))
                draft = self._put(
                    url, {"scores": {first: scores[first]}, "version": version}, "PUT draft"
                )
                if draft is None:
                    continue
                # A second tab still holding the old version: must be refused, not saved.
                stale = {"scores": scores, "submit": True, "version": version}
                self._put(url, stale, "PUT stale (409 expected)", expect=409)
                version = draft["version"]
            done = self._put(
                url, {"scores": scores, "submit": True, "version": version}, "PUT submit"
            )
            if done is not None and done["submitted_at"] is None:
                events.request.fire(
                    request_type="CHECK",
                    name="PUT submit",
                    response_time=0,
                    response_length=0,
                    exception=AssertionError("submitted but not locked"),
                    context={},
                )
        _finished += 1
        if _finished == len(PLAN):
            _phase["end"] = time.perf_counter()
            gevent.spawn_later(0.2, self.environment.runner.quit)
        raise StopUser()
