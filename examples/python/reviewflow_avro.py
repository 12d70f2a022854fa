"""Avro single-object encoding for reviewflow's released schemas, shared by writer.py and reader.py.

A record on a reviewflow topic is:

    C3 01 | 8-byte little-endian CRC-64-AVRO fingerprint | Avro binary body

The fingerprint is that of the writer schema's Parsing Canonical Form. Every released schema
version is a self-contained .avsc file, listed with its fingerprint in manifest.json beside it.

Run this file to compare python-avro's fingerprints with the manifest's:

    python3 examples/python/reviewflow_avro.py
"""

import io
import json
import os
import sys

import avro.io
import avro.schema

MAGIC = b"\xc3\x01"
HEADER_LENGTH = len(MAGIC) + 8

# The repository's released schemas, found relative to this file so the examples run from anywhere.
DEFAULT_SCHEMA_DIR = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "schemas", "src", "main", "resources", "io", "reviewflow", "schemas", "released"))

# CRC-64-AVRO, exactly as the Avro specification gives it (section "Schema Fingerprints").
_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data):
    fp = _EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


def python_avro_fingerprint(schema):
    """The fingerprint of python-avro's own canonical form, as hex.

    python-avro 1.11 keeps an annotated primitive such as {"type": "long", "logicalType":
    "timestamp-millis"} as {"type":"long"} in the canonical form, where the specification
    (and Java) reduce it to "long"; for such schemas this differs from the manifest.
    """
    return "%016x" % crc64_avro(schema.canonical_form.encode("utf-8"))


class SchemaVersion:
    """One released version of a schema, as manifest.json lists it."""

    def __init__(self, name, version, file, fingerprint_hex, schema):
        self.name = name
        self.version = version
        self.file = file
        self.fingerprint_hex = fingerprint_hex
        self.schema = schema

    @property
    def header(self):
        return MAGIC + int(self.fingerprint_hex, 16).to_bytes(8, "little")


def released_versions(schema_name, schema_dir=DEFAULT_SCHEMA_DIR):
    """Every released version of a schema (short name such as "PublishedReview"), oldest first.

    The fingerprints come from the manifest, not from python-avro: the manifest's are those of the
    specification's canonical form, which is what every Java writer puts in its records.
    """
    with open(os.path.join(schema_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    versions = []
    for entry in manifest["schemas"]:
        if entry["name"].rsplit(".", 1)[-1] != schema_name:
            continue
        with open(os.path.join(schema_dir, entry["file"]), encoding="utf-8") as f:
            schema = avro.schema.parse(f.read())
        versions.append(SchemaVersion(entry["name"], entry["version"], entry["file"], entry["fingerprint"], schema))
    if not versions:
        raise ValueError("no released version of %s in %s" % (schema_name, schema_dir))
    return sorted(versions, key=lambda v: v.version)


def encode(version, datum):
    """Single-object encoding of datum (a dict) with a released schema version."""
    body = io.BytesIO()
    avro.io.DatumWriter(version.schema).write(datum, avro.io.BinaryEncoder(body))
    return version.header + body.getvalue()


class UndecodableRecord(Exception):
    pass


def decode(value, versions, reader_schema=None):
    """Decodes single-object-encoded bytes; returns (datum, the SchemaVersion that wrote it).

    The writer schema is looked up by the fingerprint in the header among the released versions;
    with a reader schema, Avro's schema resolution turns the writer's data into the reader's shape.
    """
    if len(value) < HEADER_LENGTH or value[:2] != MAGIC:
        raise UndecodableRecord("not Avro single-object encoding (%d bytes)" % len(value))
    fingerprint_hex = "%016x" % int.from_bytes(value[2:HEADER_LENGTH], "little")
    by_fingerprint = {v.fingerprint_hex: v for v in versions}
    writer = by_fingerprint.get(fingerprint_hex)
    if writer is None:
        raise UndecodableRecord("fingerprint %s is not a released version of %s (known: %s)"
                                % (fingerprint_hex, versions[0].name, ", ".join(sorted(by_fingerprint))))
    reader = avro.io.DatumReader(writer.schema, reader_schema or writer.schema)
    try:
        datum = reader.read(avro.io.BinaryDecoder(io.BytesIO(value[HEADER_LENGTH:])))
    except Exception as e:  # python-avro reports truncated or malformed bodies through several types
        raise UndecodableRecord("cannot decode the body as %s: %s" % (writer.file, e)) from e
    return datum, writer


def compare_fingerprints(schema_dir=DEFAULT_SCHEMA_DIR):
    """Prints, for every released schema file, the manifest's fingerprint beside python-avro's."""
    with open(os.path.join(schema_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    print("%-28s %-16s %-16s %s" % ("file", "manifest", "python-avro", "same?"))
    for entry in manifest["schemas"]:
        with open(os.path.join(schema_dir, entry["file"]), encoding="utf-8") as f:
            mine = python_avro_fingerprint(avro.schema.parse(f.read()))
        print("%-28s %-16s %-16s %s" % (entry["file"], entry["fingerprint"], mine,
                                        "yes" if mine == entry["fingerprint"] else "NO"))


if __name__ == "__main__":
    compare_fingerprints(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SCHEMA_DIR)
