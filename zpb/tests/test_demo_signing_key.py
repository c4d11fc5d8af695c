"""`manage.py make_demo_signing_key`: the throw-away key `make run` signs with."""

from django.core.management import call_command
from pyhanko.sign.signers import SimpleSigner


def test_it_makes_a_p12_named_as_a_demo_with_a_random_password(tmp_path):
    call_command("make_demo_signing_key", "--dir", str(tmp_path))
    password = (tmp_path / "demo-signing.password").read_text()
    signer = SimpleSigner.load_pkcs12_data((tmp_path / "demo-signing.p12").read_bytes(), other_certs=[],
                                           passphrase=password.encode())
    name = signer.signing_cert.subject.native["common_name"]
    assert name.startswith("DEMO") and "nie do użytku" in name
    assert len(password) >= 24
    assert (tmp_path / "demo-signing.p12").stat().st_mode & 0o077 == 0  # readable by the owner only


def test_it_is_idempotent(tmp_path):
    call_command("make_demo_signing_key", "--dir", str(tmp_path))
    before = (tmp_path / "demo-signing.p12").read_bytes()
    call_command("make_demo_signing_key", "--dir", str(tmp_path))
    assert (tmp_path / "demo-signing.p12").read_bytes() == before
