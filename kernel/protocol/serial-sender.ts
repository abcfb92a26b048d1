/** zeromq sockets allow one pending send each: a sender that chains sends on one socket, in order. */

/** Anything that sends frames: a zeromq socket. */
export interface FrameSender {
  send(frames: Buffer[]): Promise<void>;
}

export interface SerialSender {
  /** Queues `frames` behind the sends before them. */
  send(frames: Buffer[]): void;
  /** Resolves when everything queued so far has been handed to ZMQ. */
  drained(): Promise<void>;
}

/** A serial sender on `socket`; a failed send is passed to `onError` and does not stall the ones behind it. */
export function serialSender(socket: FrameSender, onError: (e: unknown) => void): SerialSender {
  let tail: Promise<void> = Promise.resolve();
  return {
    send(frames) {
      tail = tail.then(() => socket.send(frames)).catch(onError);
    },
    drained: () => tail,
  };
}
