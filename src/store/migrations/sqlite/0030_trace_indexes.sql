-- Traces gather a trace's enforcements by trace id; enforcement lists filter by status.
CREATE INDEX enforcements_trace ON enforcements (trace_id);
CREATE INDEX enforcements_status ON enforcements (status, id);
