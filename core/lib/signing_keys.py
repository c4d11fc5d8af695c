"""Throw-away signing keys: a CA and a certificate it issues for signing PDFs, written as a PKCS#12 file.

For the demo (`manage.py make_demo_signing_key`) and the tests only. Production signs with a key KWP obtains
from a certification authority (docs/signing.md); nothing here is ever meant to be trusted by anyone else.
"""

import datetime
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_SIZE = 2048


@dataclass(frozen=True)
class KeyPair:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def make_ca(common_name: str, *, organisation: str = "DEMO", days: int = 3650) -> KeyPair:
    """A self-signed certification authority."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = _name(common_name, organisation)
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyPair(key, certificate)


def make_signing_certificate(ca: KeyPair, common_name: str, *, organisation: str = "DEMO",
                             days: int = 1825) -> KeyPair:
    """A document-signing certificate issued by `ca` (non-repudiation: what PDF validators expect)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation)).issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return KeyPair(key, certificate)


def p12_bytes(signer: KeyPair, chain: list[x509.Certificate], password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name=b"zpb-signing", key=signer.key, cert=signer.certificate, cas=chain,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )


def pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class KeyFiles:
    p12: Path
    password_file: Path
    certificate: Path  # the signing certificate alone (PEM): what verifiers and PDF_SIGNING_TRUSTED_CERTS take
    ca_certificate: Path


def write_signing_key(directory: Path, *, ca_name: str, signer_name: str, organisation: str = "DEMO",
                      stem: str = "signing") -> KeyFiles:
    """A new CA and signing certificate in `directory`: <stem>.p12, its random password in <stem>.password
    (both readable by the owner only), and the two certificates as PEM."""
    directory.mkdir(parents=True, exist_ok=True)
    ca = make_ca(ca_name, organisation=organisation)
    signer = make_signing_certificate(ca, signer_name, organisation=organisation)
    password = secrets.token_urlsafe(24)
    files = KeyFiles(p12=directory / f"{stem}.p12", password_file=directory / f"{stem}.password",
                     certificate=directory / f"{stem}.pem", ca_certificate=directory / f"{stem}-ca.pem")
    for path, content in ((files.password_file, password.encode()),
                          (files.p12, p12_bytes(signer, [ca.certificate], password))):
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_bytes(content)
    files.certificate.write_bytes(pem(signer.certificate))
    files.ca_certificate.write_bytes(pem(ca.certificate))
    return files
