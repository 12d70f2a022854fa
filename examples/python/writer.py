#!/usr/bin/env python3
"""Submits a review document to reviewflow from Python: what a CMS in any language does.

    python3 examples/python/writer.py --bootstrap-server 127.0.0.1:9092 --writer me samples/the-perfection.txt

Writes one ReviewSubmission to reviews.submitted, keyed by review id (UTF-8), as Avro
single-object encoding with the newest released ReviewSubmission schema, and waits until the
broker has it. Prints the submission id; the outcome arrives later on reviews.published or
reviews.rejected (see reader.py).

Exit codes: 0 delivered, 2 bad input or usage, 3 Kafka unreachable or the topic missing.
"""

import argparse
import datetime
import os
import re
import sys
import uuid

import avro.errors
from confluent_kafka import KafkaException, Producer

import reviewflow_avro

TOPIC = "reviews.submitted"
TIMEOUT_SECONDS = 10
FORMATS_BY_EXTENSION = {".txt": "TEXT", ".md": "MARKDOWN", ".markdown": "MARKDOWN", ".json": "JSON"}


def parse_args(argv):
    p = argparse.ArgumentParser(description="Submit a review document to reviewflow (reviews.submitted).")
    p.add_argument("--bootstrap-server", default="127.0.0.1:9092", help="Kafka bootstrap server (default %(default)s)")
    p.add_argument("--writer", required=True, help="the writer's id")
    p.add_argument("--review-id", help="stable across revisions (default: WRITER-FILESTEM, as `reviewflow submit` names it)")
    p.add_argument("--action", choices=["SUBMIT", "REVISE", "RETRACT"], default="SUBMIT")
    p.add_argument("--revision", type=int, default=1, help="higher revisions replace lower ones (default 1)")
    p.add_argument("--submission-id", default=None, help="idempotency key: resending the same id does nothing (default: a new UUID)")
    p.add_argument("--format", choices=["TEXT", "MARKDOWN", "JSON"], help="default: from the file extension, else detected by ingest")
    p.add_argument("--schema-dir", default=reviewflow_avro.DEFAULT_SCHEMA_DIR, help="the released schemas and manifest.json")
    p.add_argument("document", nargs="?", help="the document file (none for RETRACT)")
    args = p.parse_args(argv)
    if args.action != "RETRACT" and not args.document:
        p.error("a document file is required for %s" % args.action)
    if args.action == "RETRACT" and not args.review_id:
        p.error("--review-id is required for RETRACT")
    if not args.review_id:
        args.review_id = default_review_id(args.writer, args.document)
    return args


def default_review_id(writer, file_name):
    """The same id `reviewflow submit` derives, so both tools address the same review for a file."""
    stem = os.path.splitext(os.path.basename(file_name))[0]
    return re.sub(r"[^a-z0-9._-]+", "-", (writer + "-" + stem).lower())[:120]


def submission(args):
    """The ReviewSubmission record as python-avro takes it: a dict with the schema's field names."""
    if args.action == "RETRACT":
        document, source, fmt = b"", None, None  # a retraction carries no document
    else:
        with open(args.document, "rb") as f:
            document = f.read()  # bytes as written: ingest reports bad UTF-8 rather than us mangling it
        source = os.path.basename(args.document)
        fmt = args.format or FORMATS_BY_EXTENSION.get(os.path.splitext(args.document)[1].lower())
    return {
        "submissionId": args.submission_id or str(uuid.uuid4()),
        "reviewId": args.review_id,
        "writerId": args.writer,
        "action": args.action,
        "revision": args.revision,
        "format": fmt,  # None lets ingest detect the format
        "document": document,
        "source": source,
        "submittedAt": datetime.datetime.now(datetime.timezone.utc),
    }


def produce(bootstrap_server, key, value):
    """Sends one record and waits for the broker's acknowledgement; returns (partition, offset)."""
    producer = Producer({
        "bootstrap.servers": bootstrap_server,
        # An idempotent producer with acks=all: a retry after a lost acknowledgement is not a duplicate.
        "enable.idempotence": True,
        "acks": "all",
        # Bounded, so an unreachable broker is an error within seconds rather than a hang.
        "message.timeout.ms": TIMEOUT_SECONDS * 1000,
        # No partitioner is set: librdkafka's default (consistent_random, CRC32 of the key) is fine,
        # ingest does not depend on the partition a submission arrives on.
    })
    topics = producer.list_topics(timeout=TIMEOUT_SECONDS).topics
    if TOPIC not in topics:
        raise KafkaException("no topic %s: start the ingest service first (it creates the topics)" % TOPIC)
    delivered = {}

    def on_delivery(error, message):
        delivered["error"] = error
        delivered["message"] = message

    producer.produce(TOPIC, key=key.encode("utf-8"), value=value, on_delivery=on_delivery)
    producer.flush(TIMEOUT_SECONDS * 2)
    if "error" not in delivered:
        raise KafkaException("no acknowledgement within %d s" % (TIMEOUT_SECONDS * 2))
    if delivered["error"] is not None:
        raise KafkaException(delivered["error"])
    return delivered["message"].partition(), delivered["message"].offset()


def main(argv):
    args = parse_args(argv)
    try:
        record = submission(args)
        newest = reviewflow_avro.released_versions("ReviewSubmission", args.schema_dir)[-1]
        value = reviewflow_avro.encode(newest, record)
    except (OSError, ValueError, avro.errors.AvroException) as e:
        print("writer.py: %s" % e, file=sys.stderr)
        return 2
    try:
        partition, offset = produce(args.bootstrap_server, record["reviewId"], value)
    except KafkaException as e:
        print("writer.py: cannot submit to Kafka at %s: %s" % (args.bootstrap_server, e), file=sys.stderr)
        return 3
    print("delivered %s for review %s to %s [%d] at offset %d"
          % (args.action, record["reviewId"], TOPIC, partition, offset), file=sys.stderr)
    print(record["submissionId"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
