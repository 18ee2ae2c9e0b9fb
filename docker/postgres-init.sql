-- Run once by the postgres image on an empty volume: the one database both brokers share (see compose.yaml).
create database kafka_clone;
