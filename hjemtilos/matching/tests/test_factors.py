"""Each soft factor moves the ranking the documented way, and says why in plain words."""

from __future__ import annotations

from django.utils import translation

from hjemtilos.matching import engine, services
from hjemtilos.matching.tests.conftest import ADULTS, family_ids, kid


def _line(ranking, family, factor):
    candidate = next(c for c in ranking.candidates if c.family_id == family.pk)
    return next(line for line in candidate.lines if line.name == factor)


def test_the_nearer_family_ranks_first_and_the_trip_is_shown_in_minutes(make_child, make_family):
    child = make_child(postal="2200")
    far = make_family(postal="2400", transport="bike")  # København NV
    near = make_family(postal="2200", transport="bike")
    with translation.override("en"):
        ranking = engine.rank(child)
    assert family_ids(ranking) == [near.pk, far.pk]
    line = _line(ranking, near, "travel")
    assert line.text.startswith("5 min by bike")
    assert _line(ranking, far, "travel").score < line.score


def test_the_pickup_place_counts_when_it_is_further_away(make_child, make_family):
    at_home = make_child(postal="2200")
    far_school = make_child(postal="2200", school_postal="2300")  # Amager
    family = make_family(postal="2200", transport="bike")
    home_minutes = engine.rank(at_home).candidates[0].minutes
    school_minutes = engine.rank(far_school).candidates[0].minutes
    assert school_minutes > home_minutes
    with translation.override("en"):
        text = _line(engine.rank(far_school), family, "travel").text
    assert "to the pickup place in 2300" in text


def test_older_children_in_the_family_fit_a_child_who_wished_older(make_child, make_family):
    child = make_child(age=8, wishes={"wish_family_children": "older"})
    younger = make_family(members=[*ADULTS, kid(4)])
    older = make_family(members=[*ADULTS, kid(9, "Ane"), kid(11, "Bo")])
    none = make_family()
    with translation.override("en"):
        ranking = engine.rank(child)
    assert family_ids(ranking)[0] == older.pk
    assert _line(ranking, older, "age_fit").text == (
        "2 children aged 9 and 11 — the child wished older children"
    )
    assert _line(ranking, younger, "age_fit").score == 0
    assert _line(ranking, none, "age_fit").score == 0


def test_same_age_and_no_children_at_home_wishes(make_child, make_family):
    same = make_child(age=8, wishes={"wish_family_children": "same_age"})
    quiet = make_child(age=8, wishes={"wish_family_children": "none_at_home"})
    with_peer = make_family(members=[*ADULTS, kid(8)])
    with_teen = make_family(members=[*ADULTS, kid(13)])
    empty = make_family()
    assert family_ids(engine.rank(same))[0] == with_peer.pk
    assert _line(engine.rank(same), with_teen, "age_fit").score == 0
    assert family_ids(engine.rank(quiet))[0] == empty.pk


def test_without_a_wish_the_family_s_children_do_not_matter(make_child, make_family):
    child = make_child(age=8)
    a = make_family(members=[*ADULTS, kid(3)])
    b = make_family(members=[*ADULTS, kid(12)])
    ranking = engine.rank(child)
    assert _line(ranking, a, "age_fit").score == _line(ranking, b, "age_fit").score == 1


def test_a_father_figure_wish_prefers_a_home_with_an_adult_man(make_child, make_family):
    child = make_child(wishes={"wish_father_figure": True})
    mothers = make_family(members=[ADULTS[1]])
    parents = make_family()
    ranking = engine.rank(child)
    assert family_ids(ranking) == [parents.pk, mothers.pk]
    assert _line(ranking, mothers, "wishes").score == 0


def test_pet_wishes_and_allergies(make_child, make_family):
    likes = make_child(wishes={"wish_pets": "would_like"})
    none = make_child(wishes={"wish_pets": "none"})
    allergic = make_child(wishes={"allergies": "katte"})
    cat = make_family(pets="en kat")
    dog = make_family(pets="hund")
    no_pets = make_family(pets="")
    assert family_ids(engine.rank(likes))[-1] == no_pets.pk
    assert family_ids(engine.rank(none))[0] == no_pets.pk
    ranking = engine.rank(allergic)
    assert family_ids(ranking)[-1] == cat.pk
    with translation.override("en"):
        assert "kat" in _line(engine.rank(allergic), cat, "wishes").text
    assert _line(ranking, dog, "wishes").score == 1


def test_shared_interests_and_language_rank_higher(make_child, make_family):
    child = make_child(interests="fodbold, tegne og dyr", languages="dansk, arabisk")
    both = make_family(activities="Vi spiller fodbold og tegner", languages="dansk, arabisk")
    one = make_family(activities="fodbold", languages="dansk")
    none = make_family(activities="klatring", languages="dansk")
    with translation.override("en"):
        ranking = engine.rank(child)
    assert family_ids(ranking) == [both.pk, one.pk, none.pk]
    assert _line(ranking, both, "interests").text == (
        "Shared interests: fodbold and tegning; speaks arabisk, like the child"
    )


def test_a_child_with_marked_needs_ranks_families_with_ample_capacity_first(
    make_child, make_family
):
    child = make_child(need_tags=["adhd"])
    limited = make_family(capacity="limited")
    ample = make_family(capacity="ample")
    good = make_family(capacity="good")
    ranking = engine.rank(child)
    assert family_ids(ranking) == [ample.pk, good.pk, limited.pk]
    assert _line(ranking, limited, "capacity").score == 0
    # A child without needs is easy for every family.
    easy = engine.rank(make_child())
    assert {line.score for c in easy.candidates for line in c.lines if line.name == "capacity"} == {
        1.0
    }


def test_waiting_time_is_the_same_for_every_family_of_one_child(make_child, make_family):
    waited = make_child(started_days_ago=300)
    make_family()
    make_family(postal="2100")
    ranking = engine.rank(waited)
    scores = {line.score for c in ranking.candidates for line in c.lines if line.name == "waiting"}
    assert scores == {1.0}  # received more than 180 days ago


def test_the_weights_of_the_site_decide_the_order(make_child, make_family, site, staff):
    child = make_child(postal="2200", interests="fodbold, tegning")
    near = make_family(postal="2200", activities="klatring", transport="bike")
    liked = make_family(postal="2400", activities="fodbold og tegning", transport="public")
    assert family_ids(engine.rank(child))[0] == near.pk
    services.matching_settings_update(
        site=site,
        by=staff,
        weights={
            "travel": 1,
            "age_fit": 0,
            "wishes": 0,
            "interests": 10,
            "capacity": 0,
            "waiting": 0,
        },
        early_ending="block",
        max_travel_minutes=30,
    )
    assert family_ids(engine.rank(child))[0] == liked.pk
