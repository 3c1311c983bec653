from __future__ import annotations

import pytest

from starcheck.rubric import RubricConfig, RubricError, profile_names


def test_shipped_profiles_load():
    assert {"default", "senior-engineering", "early-career"} <= set(profile_names())
    senior = RubricConfig.profile("senior-engineering")
    default = RubricConfig.profile("default")
    assert senior.weights.tradeoffs > default.weights.tradeoffs
    assert RubricConfig.profile("early-career").length.max_words < default.length.max_words


def test_user_file_inherits_the_rest(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\n[weights]\ndelivery = 0\n[rules]\nignore = ["STAR6"]\n')
    config = RubricConfig.from_toml(path)
    assert config.weights.delivery == 0
    assert config.weights.structure == RubricConfig.profile("default").weights.structure
    assert not config.rules.enabled("STAR601")
    assert config.rules.enabled("STAR101")


@pytest.mark.parametrize(("body", "key"), [
    ("[weights]\nstructure = -1\n", "weights.structure"),
    ("[weights]\nstructur = 1\n", "weights.structur"),
    ("[grades]\nA = 50\nB = 60\n", "grades"),
    ("[rules.severity]\nSTAR101 = \"fatal\"\n", "rules.severity.STAR101"),
])
def test_invalid_config_names_the_key(tmp_path, body, key):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(RubricError, match=key.replace(".", r"\.")):
        RubricConfig.from_toml(path)


def test_invalid_toml_and_unknown_profile_are_clear(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[weights\n")
    with pytest.raises(RubricError, match="not valid TOML"):
        RubricConfig.from_toml(path)
    with pytest.raises(RubricError, match="no rubric profile 'nope'"):
        RubricConfig.profile("nope")


def test_letters_follow_cut_points():
    config = RubricConfig.profile("default")
    assert config.letter(100) == "A"
    assert config.letter(config.grades.B) == "B"
    assert config.letter(config.grades.D - 0.1) == "F"


def test_to_toml_round_trips(tmp_path):
    config = RubricConfig.profile("senior-engineering")
    path = tmp_path / "out.toml"
    path.write_text(config.to_toml())
    assert RubricConfig.from_toml(path) == config


@pytest.mark.parametrize(("body", "key"), [
    ('extends = "nope"\n', "extends"),
    ("extends = 3\n", "extends"),
    ("[length]\nshort_words = 500\n", "length"),
    ("[kind_caps]\nstuffed = 120\n", "kind_caps.stuffed"),
    ("weights = 3\n", "weights"),
])
def test_more_invalid_configs_name_the_key(tmp_path, body, key):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(RubricError, match=rf"bad\.toml: invalid rubric: {key.replace('.', '[.]')}"):
        RubricConfig.from_toml(path)


def test_extends_builds_on_the_named_profile(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('extends = "senior-engineering"\nname = "mine"\n[thresholds]\nwe_penalty = 0.1\n')
    config = RubricConfig.from_toml(path)
    senior = RubricConfig.profile("senior-engineering")
    assert config.weights == senior.weights and config.length == senior.length
    assert config.thresholds.we_penalty == 0.1


def test_full_words_sets_where_the_length_fit_is_full_and_min_words_where_star702_warns():
    from starcheck.rubric.criteria import length_fraction

    default = RubricConfig.profile("default")
    assert default.length.min_words < default.length.full_length
    full = default.length.full_length
    assert length_fraction(full, default) == 1.0
    assert length_fraction(full // 2, default) == pytest.approx((full // 2) / full)
    unset = default.model_copy(update={"length": default.length.model_copy(update={"full_words": None})})
    assert unset.length.full_length == default.length.min_words


def test_full_words_below_min_words_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[length]\nmin_words = 120\nfull_words = 100\n")
    with pytest.raises(RubricError, match="full_words"):
        RubricConfig.from_toml(path)
