/**
 * The staff form's "No session (a follow-up photo)" choice. It is sent as a value so that the
 * server can tell a chosen follow-up from a form that never said: the second is refused.
 */
export const NO_SESSION = 'none';
