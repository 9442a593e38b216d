-- How long a server keeps its articles (days after they were first shared here); NULL keeps
-- them until they are deleted by hand.
ALTER TABLE guild_settings ADD COLUMN retention_days INTEGER CHECK (retention_days > 0);
