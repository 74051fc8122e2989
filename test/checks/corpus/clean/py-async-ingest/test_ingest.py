from ingest import content_digest, pick_variant


def test_content_digest_is_stable():
    assert content_digest(b"abc") == content_digest(b"abc")


def test_pick_variant_returns_one_of_them():
    assert pick_variant(["a", "b"]) in {"a", "b"}
