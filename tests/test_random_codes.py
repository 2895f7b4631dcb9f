"""Codes read out over the phone (aftersales/random_codes.py)."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from aftersales.random_codes import SPOKEN, random_code


@given(st.integers(min_value=1, max_value=16), st.sampled_from([SPOKEN, "23456789ABC", "XY"]))
def test_a_code_has_its_length_and_only_its_alphabet(length, alphabet):
    code = random_code(length, alphabet)
    assert len(code) == length
    assert set(code) <= set(alphabet)


def test_every_character_is_drawn_evenly_at_every_place():
    codes = [random_code(4, "ABCD") for _ in range(8000)]
    for place in range(4):
        counts = Counter(code[place] for code in codes)
        assert set(counts) == set("ABCD")
        assert all(1700 < n < 2300 for n in counts.values()), counts  # 2000 each expected


def test_codes_do_not_repeat():
    assert len({random_code(10) for _ in range(10000)}) == 10000


def test_the_spoken_alphabet_has_no_look_alikes():
    assert not set("0O1I") & set(SPOKEN)


def test_a_forked_child_draws_other_codes_than_its_parent():
    import os

    random_code(10)  # the parent holds a pool of random bytes
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.write(write, random_code(10).encode())
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 10).decode() != random_code(10)
