/** The fakes' event streams are mini-mesos' own stream writer. */
export { EventStream as FakeStream } from "../../testing/http/event-stream.js";
