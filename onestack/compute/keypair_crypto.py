"""Key pairs' cryptography: generating them, checking imported public keys
and their fingerprints, as Nova computes them.

ssh keys: RSA 2048 when generated; an imported key must be one OpenSSH
public key line that cryptography parses (ssh-rsa, ssh-ed25519,
ecdsa-sha2-nistp256/384/521, ...). Its fingerprint is OpenSSH's legacy one:
the MD5 of the key blob in colon-separated hex.
x509 keys: a PEM certificate; fingerprint the SHA-1 of its DER form.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import hashlib

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from onestack.common import exceptions

SSH, X509 = "ssh", "x509"
KEY_TYPES = (SSH, X509)
COMMENT = "Generated-by-onestack"


class InvalidKeypair(exceptions.BadRequest):
    pass


def _invalid(reason: str) -> InvalidKeypair:
    return InvalidKeypair(f"Keypair data is invalid: {reason}")


def _colon_hex(digest: str) -> str:
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def ssh_fingerprint(public_key: str) -> str:
    """The MD5 fingerprint of an OpenSSH public key; InvalidKeypair (400) if
    the text is not one."""
    text = public_key.strip()
    if not text or "\n" in text or "\x00" in text:
        raise _invalid("failed to generate fingerprint")
    try:
        serialization.load_ssh_public_key(text.encode("utf-8"))
        blob = base64.b64decode(text.split()[1], validate=True)
    except (ValueError, IndexError, binascii.Error, UnicodeEncodeError,
            UnsupportedAlgorithm):
        raise _invalid("failed to generate fingerprint")
    return _colon_hex(hashlib.md5(blob, usedforsecurity=False).hexdigest())


def x509_fingerprint(certificate: str) -> str:
    try:
        cert = x509.load_pem_x509_certificate(certificate.encode("utf-8"))
    except (ValueError, UnicodeEncodeError):
        raise _invalid("failed to generate X509 fingerprint")
    return _colon_hex(cert.fingerprint(hashes.SHA1()).hex())


def fingerprint(key_type: str, public_key: str) -> str:
    if key_type == X509:
        return x509_fingerprint(public_key)
    return ssh_fingerprint(public_key)


def generate_ssh() -> tuple[str, str]:
    """(private key PEM, public key line) of a new RSA 2048 key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode("ascii")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH)
    return private, f"{public.decode('ascii')} {COMMENT}"


def generate_x509(user_id: str) -> tuple[str, str]:
    """(private key PEM, certificate PEM): a self-signed client certificate
    for user_id, valid ten years, as Nova makes for WinRM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode("ascii")
    return private, cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def generate(key_type: str, user_id: str) -> tuple[str, str]:
    if key_type == X509:
        return generate_x509(user_id)
    return generate_ssh()
