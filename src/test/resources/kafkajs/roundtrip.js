// KafkaJS 2.2 against kafka-clone: admin, gzip produce with keys and headers, group consume, offsets.
// Usage: NODE_PATH=<dir with kafkajs> node roundtrip.js <broker> <topic> <group>; prints one JSON line.
const { Kafka, logLevel, CompressionTypes } = require('kafkajs');
const [broker, topic, groupId] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'kafkajs-test', brokers: [broker], logLevel: logLevel.NOTHING });
const count = 30;

(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let i = 0; i < count; i++) messages.push({ key: 'k' + i, value: 'v' + i, headers: { seq: String(i) } });
  await producer.send({ topic, messages, compression: CompressionTypes.GZIP });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const values = [];
  await new Promise((resolve) => consumer.run({
    eachMessage: async ({ message }) => {
      if (message.headers.seq.toString() === message.value.toString().substring(1)) values.push(message.value.toString());
      if (values.length === count) resolve();
    },
  }));
  await consumer.disconnect(); // commits
  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = offsets[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  await admin.disconnect();
  console.log(JSON.stringify({ consumed: values.length, distinct: new Set(values).size, committed }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
