"""The data folder's build names: a later build always sorts after every earlier one."""

from __future__ import annotations

from kg.store import DataDir


def test_builds_in_the_same_second_sort_in_the_order_they_started(tmp_path):
    data = DataDir(tmp_path)
    names = [data.new_build().name for _ in range(50)]
    assert names == sorted(names) and len(set(names)) == 50


def test_a_clock_stepped_back_still_gives_a_later_name(tmp_path):
    data = DataDir(tmp_path)
    future = data.builds / "29991231T235959.999999-ffffff"
    future.mkdir(parents=True)
    first = data.new_build()
    second = data.new_build()
    assert future.name < first.name < second.name


def test_a_killed_build_started_right_after_publishing_is_removed_as_unfinished(tmp_path):
    data = DataDir(tmp_path)
    published = data.new_build()
    data.publish(published)
    killed = data.new_build()  # the same second as the published one: never published
    assert data.collect_garbage() == [killed]
    assert data.current() == published and not killed.exists()
