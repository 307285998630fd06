/** A chat message addressed to Squall, as an adapter hands it over. */
export interface IncomingChatMessage {
  /** The command with any bot mention or prefix already removed. */
  text: string;
  /** Who sent it, in the chat service's own terms (a user name or id). */
  user: string;
  /** Where to answer. */
  channel: string;
  /** Groups the chat service reports for the user, when it does. */
  groups?: string[];
}

/** Called for each incoming command; resolves once the command has been acknowledged. */
export type ChatMessageHandler = (message: IncomingChatMessage) => Promise<void>;

/**
 * A connection to one chat service. Outgoing text is already masked: adapters send it verbatim.
 */
export interface ChatAdapter {
  /** For logs: `webhook`, `slack`... */
  readonly name: string;
  /** Begins delivering incoming commands to `onMessage`. */
  start(onMessage: ChatMessageHandler): Promise<void>;
  postMessage(channel: string, text: string): Promise<void>;
  stop(): Promise<void>;
}
