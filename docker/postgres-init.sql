-- Run once by the postgres image on an empty volume: one database per broker (see compose.yaml).
create database broker_1;
create database broker_2;
