/**
 * A unit of the running engine (rules, runners, sensors, chat, deploy...) that can be started on its
 * own from the interfaces it was given. The composition root starts stages in order and stops them
 * in reverse; scaled out, a process starts only the stages of its roles.
 */
export interface Stage {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
