-- An action's events are found by their action: the conductor finishes an event by (action_id, event) on every
-- build, and the API lists an action's events. Nova's MySQL gets this index from the foreign key; PostgreSQL and H2
-- do not create one, and without it each finished build event scanned every event ever recorded.
CREATE INDEX instance_actions_events_action_idx ON instance_actions_events (action_id, event);
