"""Other accents' pronunciations of the command words."""

from voicecoach.adapters.recognizers.pocketsphinx.accents import accent_variants, broad_bath, non_rhotic, rounded_lot


def phones(spelled: str) -> tuple[str, ...]:
    return tuple(spelled.split())


def test_an_r_before_a_consonant_or_at_the_end_is_dropped() -> None:
    assert non_rhotic(phones("S T AA R T")) == phones("S T AA T")
    assert non_rhotic(phones("M AO R")) == phones("M AO")


def test_an_r_before_a_vowel_or_after_a_consonant_stays() -> None:
    assert non_rhotic(phones("K AE R IY")) == phones("K AE R IY")
    assert non_rhotic(phones("TH R IY")) == phones("TH R IY")


def test_a_final_unstressed_er_becomes_a_plain_vowel() -> None:
    assert non_rhotic(phones("F AE S T ER")) == phones("F AE S T AH")


def test_a_stressed_er_stays() -> None:
    assert non_rhotic(phones("TH ER T IY N")) == phones("TH ER T IY N")
    assert non_rhotic(phones("HH ER")) == phones("HH ER")


def test_the_lot_vowel_is_rounded_before_a_consonant_but_not_before_r() -> None:
    assert rounded_lot(phones("S T AA P")) == phones("S T AO P")
    assert rounded_lot(phones("S T AA R T")) == phones("S T AA R T")


def test_the_bath_vowel_is_long_before_f_s_and_th_only() -> None:
    assert broad_bath(phones("AE F T ER")) == phones("AA F T ER")
    assert broad_bath(phones("B AE K")) == phones("B AE K")


def test_variants_leave_out_the_original_and_repeats() -> None:
    assert accent_variants(phones("F AE S T ER")) == [phones("F AE S T AH"), phones("F AA S T AH")]
    assert accent_variants(phones("S T AA R T")) == [phones("S T AA T")]
    assert accent_variants(phones("HH EH L P")) == []


def test_a_single_phone_variant_is_left_out() -> None:
    assert accent_variants(phones("AA R")) == []
