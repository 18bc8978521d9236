/** An EventSource the test drives by hand: open it, send named events, fail it. */
export class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }

  send(event: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }));
  }

  /** The browser gave up on the stream (e.g. the server answered 401). */
  fail() {
    this.readyState = 2;
    this.dispatchEvent(new Event("error"));
  }

  close() {
    this.readyState = 2;
    this.closed = true;
  }

  static factory = (url: string) => new FakeEventSource(url) as unknown as EventSource;

  static latest(): FakeEventSource {
    const last = FakeEventSource.instances.at(-1);
    if (!last) throw new Error("no EventSource was opened");
    return last;
  }
}
