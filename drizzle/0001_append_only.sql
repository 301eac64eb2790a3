-- Consent and audit rows are append-only (DESIGN.md invariant 5). The database itself
-- refuses edits, so no code path, present or future, can rewrite history.
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent
BEGIN
	SELECT RAISE(ABORT, 'consent rows are never deleted');
END;
--> statement-breakpoint
-- The only change a consent row accepts is its one revocation.
CREATE TRIGGER consent_revoke_only BEFORE UPDATE ON consent
WHEN OLD.revoked_at IS NOT NULL
	OR NEW.revoked_at IS NULL
	OR NEW.id IS NOT OLD.id
	OR NEW.clinic_id IS NOT OLD.clinic_id
	OR NEW.patient_id IS NOT OLD.patient_id
	OR NEW.scope IS NOT OLD.scope
	OR NEW.text_version IS NOT OLD.text_version
	OR NEW.signed_name IS NOT OLD.signed_name
	OR NEW.signature IS NOT OLD.signature
	OR NEW.granted_at IS NOT OLD.granted_at
	OR NEW.expires_at IS NOT OLD.expires_at
	OR NEW.recorded_by IS NOT OLD.recorded_by
BEGIN
	SELECT RAISE(ABORT, 'consent rows are never edited, only revoked once');
END;
