#!/usr/bin/env python3
"""Follows reviews.published (or reviews.rejected) from Python: what a downstream site does.

    python3 examples/python/reader.py --bootstrap-server 127.0.0.1:9092

Reads committed records only (read_committed: the services write in transactions), decodes each
value's Avro single-object encoding by resolving the writer schema's fingerprint among every
released version, and prints one JSON line per event. A tombstone (null value) on
reviews.published is a retraction.

Without --group it reads every partition from the beginning, as a site rebuilding its state from
the compacted topic would; with --group it resumes where that group left off.

Exit codes: 0 done, 2 usage, 3 Kafka unreachable or the topic missing, 4 --timeout passed before
--max-events events were read.
"""

import argparse
import datetime
import json
import sys
import time
import uuid

import avro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, TopicPartition

import reviewflow_avro

SCHEMA_OF_TOPIC = {"reviews.published": "PublishedReview", "reviews.rejected": "ReviewRejection"}
TIMEOUT_SECONDS = 10


def parse_args(argv):
    p = argparse.ArgumentParser(description="Print reviewflow events as JSON lines.")
    p.add_argument("--bootstrap-server", default="127.0.0.1:9092", help="Kafka bootstrap server (default %(default)s)")
    p.add_argument("--topic", choices=sorted(SCHEMA_OF_TOPIC), default="reviews.published")
    p.add_argument("--review-id", action="append", help="only this review (repeatable)")
    p.add_argument("--max-events", type=int, help="stop after this many events")
    p.add_argument("--timeout", type=float, help="stop after this many seconds")
    p.add_argument("--group", help="a consumer group: commit offsets and resume from them")
    p.add_argument("--reader-schema", help="an .avsc file to read the events as (Avro schema resolution); default: as written")
    p.add_argument("--schema-dir", default=reviewflow_avro.DEFAULT_SCHEMA_DIR, help="the released schemas and manifest.json")
    return p.parse_args(argv)


def consumer_for(args):
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_server,
        # The services write in transactions: never show a record of an aborted or open one.
        "isolation.level": "read_committed",
        # librdkafka wants a group id even when partitions are assigned by hand; a throwaway one commits nothing.
        "group.id": args.group or "reviewflow-example-reader-" + str(uuid.uuid4()),
        "enable.auto.commit": bool(args.group),
        "auto.offset.reset": "earliest",
    })
    if args.group:
        consumer.subscribe([args.topic])
        return consumer
    topic = consumer.list_topics(args.topic, timeout=TIMEOUT_SECONDS).topics.get(args.topic)
    if topic is None or topic.error is not None or not topic.partitions:
        consumer.close()
        raise KafkaException("no topic %s: start the services first (they create the topics)" % args.topic)
    consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in sorted(topic.partitions)])
    return consumer


def published_fields(review):
    return {
        "event": "published",
        "submissionId": review.get("submissionId"),
        "writerId": review.get("writerId"),
        "revision": review.get("revision"),
        "slug": review.get("slug"),
        "title": (review.get("review") or {}).get("title"),
        "score": (review.get("score") or {}).get("display"),
        "verdict": (review.get("verdict") or {}).get("label"),
        "writerLabel": (review.get("verdict") or {}).get("writerLabel"),
        "publishedAt": review.get("publishedAt"),
    }


def rejected_fields(rejection):
    submission = rejection.get("submission") or {}  # null when the record itself was undecodable
    return {
        "event": "rejected",
        "reason": rejection.get("reason"),
        "message": rejection.get("message"),
        "line": rejection.get("line"),
        "stage": rejection.get("stage"),
        "submissionId": submission.get("submissionId"),
        "revision": submission.get("revision"),
        "action": submission.get("action"),
    }


def event_of(message, versions, reader_schema):
    """One record as a flat dict; never raises for a bad record, so one cannot stop the reader."""
    key = message.key()
    event = {"topic": message.topic(), "partition": message.partition(), "offset": message.offset(),
             "reviewId": key.decode("utf-8", errors="replace") if key is not None else None}
    if message.value() is None:
        # A tombstone: on the compacted reviews.published it withdraws the review.
        event["event"] = "retracted" if message.topic() == "reviews.published" else "tombstone"
        return event
    try:
        datum, writer = reviewflow_avro.decode(message.value(), versions, reader_schema)
    except reviewflow_avro.UndecodableRecord as e:
        event.update(event="undecodable", error=str(e))
        return event
    event.update(published_fields(datum) if message.topic() == "reviews.published" else rejected_fields(datum))
    event["writerSchema"] = writer.file
    return event


def as_json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    raise TypeError("not JSON: %r" % (value,))


def main(argv):
    args = parse_args(argv)
    versions = reviewflow_avro.released_versions(SCHEMA_OF_TOPIC[args.topic], args.schema_dir)
    reader_schema = None
    if args.reader_schema:
        with open(args.reader_schema, encoding="utf-8") as f:
            reader_schema = avro.schema.parse(f.read())
    try:
        consumer = consumer_for(args)
    except KafkaException as e:
        print("reader.py: cannot read %s from Kafka at %s: %s" % (args.topic, args.bootstrap_server, e), file=sys.stderr)
        return 3
    deadline = time.monotonic() + args.timeout if args.timeout else None
    count = 0
    try:
        while args.max_events is None or count < args.max_events:
            remaining = deadline - time.monotonic() if deadline else 1.0
            if remaining <= 0:
                break
            message = consumer.poll(min(remaining, 1.0))
            if message is None:
                continue
            if message.error():
                print("reader.py: %s" % message.error(), file=sys.stderr)
                continue
            event = event_of(message, versions, reader_schema)
            if args.review_id and event["reviewId"] not in args.review_id:
                continue
            print(json.dumps(event, default=as_json, ensure_ascii=False), flush=True)
            count += 1
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    if args.max_events is not None and count < args.max_events:
        print("reader.py: %d of %d events within %s s" % (count, args.max_events, args.timeout), file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
