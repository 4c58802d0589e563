"""RFC 9162 hashing, inclusion and consistency proofs, against the published CT test vectors."""

from __future__ import annotations

import pytest

from ceasefire.audit import merkle

#: The eight leaves of the Certificate Transparency reference tests and the tree heads over
#: their first 0..8 (published with RFC 6962's reference implementation; RFC 9162 hashes alike).
LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
)]  # fmt: skip
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
HASHES = [merkle.leaf_hash(x) for x in LEAVES]
MANY = [merkle.leaf_hash(i.to_bytes(2, "big")) for i in range(37)]


@pytest.mark.parametrize("size", range(9))
def test_root_matches_the_reference_tree_heads(size: int) -> None:
    assert merkle.root(HASHES[:size]).hex() == ROOTS[size]


@pytest.mark.parametrize("size", range(9))
def test_root_from_perfect_subtrees_is_the_same(size: int) -> None:
    parts = [merkle.root(HASHES[s : s + w]) for s, w in merkle.subtrees(size)]
    assert merkle.root_of_subtrees(parts).hex() == ROOTS[size]


@pytest.mark.parametrize(
    ("size", "expected"),
    [(0, []), (1, [(0, 1)]), (7, [(0, 4), (4, 2), (6, 1)]), (8, [(0, 8)]),
     (37, [(0, 32), (32, 4), (36, 1)])],
)  # fmt: skip
def test_subtrees(size: int, expected: list[tuple[int, int]]) -> None:
    assert merkle.subtrees(size) == expected


@pytest.mark.parametrize(
    ("index", "proof"),
    [
        (0, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ],
)  # fmt: skip
def test_inclusion_proof_matches_the_reference(index: int, proof: list[str]) -> None:
    made = merkle.inclusion_proof(index, HASHES)
    assert [p.hex() for p in made] == proof
    root = bytes.fromhex(ROOTS[8])
    assert merkle.verify_inclusion(index, 8, HASHES[index], made, root)
    assert not merkle.verify_inclusion(index, 8, HASHES[index + 1], made, root)


def test_every_inclusion_proof_verifies_and_no_other_leaf_does() -> None:
    for size in range(1, len(MANY) + 1):
        root = merkle.root(MANY[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(index, MANY[:size])
            assert merkle.verify_inclusion(index, size, MANY[index], proof, root)
            other = MANY[(index + 1) % len(MANY)]
            assert not merkle.verify_inclusion(index, size, other, proof, root)


def test_consistency_from_one_leaf_is_its_audit_path() -> None:
    proof = merkle.consistency_proof(1, HASHES)
    assert proof == merkle.inclusion_proof(0, HASHES)


def test_every_consistency_proof_verifies_and_a_fork_does_not() -> None:
    for second in range(1, len(MANY) + 1):
        new_root = merkle.root(MANY[:second])
        for first in range(1, second + 1):
            old_root = merkle.root(MANY[:first])
            proof = merkle.consistency_proof(first, MANY[:second])
            assert merkle.verify_consistency(first, second, old_root, new_root, proof)
            forked = [*MANY[: first - 1], merkle.leaf_hash(b"forged"), *MANY[first:second]]
            assert not merkle.verify_consistency(
                first, second, merkle.root(forked[:first]), new_root, proof
            )


@pytest.mark.parametrize(("first", "second"), [(0, 4), (5, 4), (-1, 3)])
def test_consistency_between_impossible_sizes_fails(first: int, second: int) -> None:
    assert not merkle.verify_consistency(first, second, b"", b"", [])
    with pytest.raises(ValueError):
        merkle.consistency_proof(first, MANY[: max(second, 0)])
