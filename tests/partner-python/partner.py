#!/usr/bin/env python3
"""A partner agency that is not Horizont, written from docs/contracts.md ("Sealed personal fields") alone.

It reads the body of one SubmitReferral as it lies in its queue (MassTransit's JSON envelope) on stdin, opens the
sealed personal fields with the key of the two agencies, and writes on stdout the body of its answer: a
ReferralDeclined whose note, which names the young person, it seals for the Jugendamt in turn.

    partner.py --keys <folder of {agency}+{agency}.{keyId}.key files> --sent-at <ISO time>

Exit codes: 0 answered; 2 the message could not be opened (the reason on stderr, never the content).
Needs Python 3 and the "cryptography" package (Debian: python3-cryptography).
"""
import argparse
import base64
import datetime
import json
import os
import sys
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEME = "horizont-seal-1"
URN = "urn:message:Horizont.Messages:"


def pair_of(agency, partner):
    """The two agency ids in ordinal order joined by '+' (Python compares str by code point: ordinal)."""
    return "+".join(sorted([agency, partner]))


def keys_of(folder, pair):
    """{key id: 32 key bytes} of one pair, from the files '{pair}.{keyId}.key' (Base64)."""
    keys = {}
    for name in os.listdir(folder):
        if name.startswith(pair + ".") and name.endswith(".key"):
            key_id = name[len(pair) + 1:-len(".key")]
            with open(os.path.join(folder, name), encoding="ascii") as f:
                keys[key_id] = base64.b64decode(f.read().strip(), validate=True)
    return keys


def associated_data(message_type, message, key_id):
    referral_id = str(uuid.UUID(message["referralId"]))  # lower case, with hyphens
    return "\n".join([SCHEME, message_type, referral_id, message["senderAgencyId"], message["receiverAgencyId"], key_id]).encode("utf-8")


def open_fields(message_type, message, keys):
    sealed = message["sealed"]
    if sealed["scheme"] != SCHEME:
        raise ValueError(f"unknown scheme {sealed['scheme']!r}")
    key = keys.get(sealed["keyId"])
    if key is None:
        raise ValueError(f"key {sealed['keyId']!r} unknown")
    nonce = base64.b64decode(sealed["nonce"], validate=True)
    ciphertext_and_tag = base64.b64decode(sealed["ciphertext"], validate=True)
    plaintext = AESGCM(key).decrypt(nonce, ciphertext_and_tag, associated_data(message_type, message, sealed["keyId"]))
    return json.loads(plaintext)


def seal_fields(message_type, message, fields, keys):
    key_id = max(keys)  # the newest key: ids begin with their creation time
    nonce = os.urandom(12)
    plaintext = json.dumps(fields, ensure_ascii=False).encode("utf-8")
    ciphertext_and_tag = AESGCM(keys[key_id]).encrypt(nonce, plaintext, associated_data(message_type, message, key_id))
    return {
        "scheme": SCHEME,
        "keyId": key_id,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(ciphertext_and_tag).decode("ascii"),
    }


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--keys", required=True)
    arguments.add_argument("--sent-at", required=True)
    options = arguments.parse_args()

    envelope = json.load(sys.stdin)
    if URN + "SubmitReferral" not in envelope["messageType"]:
        print(f"not a SubmitReferral: {envelope['messageType']}", file=sys.stderr)
        return 2
    referral = envelope["message"]
    keys = keys_of(options.keys, pair_of(referral["senderAgencyId"], referral["receiverAgencyId"]))
    try:
        personal = open_fields("SubmitReferral", referral, keys)
    except (ValueError, KeyError, InvalidTag) as error:
        print(f"the sealed fields do not open: {type(error).__name__} {error}", file=sys.stderr)
        return 2

    young = personal["youngPerson"]
    answer = {
        "referralId": referral["referralId"],
        "senderAgencyId": referral["receiverAgencyId"],
        "receiverAgencyId": referral["senderAgencyId"],
        "reasonCode": "NO_CAPACITY",
        "declinedAt": options.sent_at,
    }
    note = {"note": f"{young['givenName']} {young['familyName']} (geb. {young['dateOfBirth']}) können wir erst im Frühjahr nehmen."}
    answer["sealed"] = seal_fields("ReferralDeclined", answer, note, keys)

    json.dump({
        "messageId": str(uuid.uuid4()),
        "correlationId": referral["referralId"],
        "messageType": [URN + "ReferralDeclined"],
        "message": answer,
        "sentTime": options.sent_at,
        "headers": {},
    }, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
