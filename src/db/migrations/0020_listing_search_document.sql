-- Listing search keeps each listing's text-search document: ranking a broad query (a common word over hundreds of
-- thousands of listings) computed ts_rank over to_tsvector(title || description) parsed again for every match, more
-- than half of the query's time in bench/search.ts. Stored once per write, the index and the ranking read the same
-- vector. (Sellers keep the expression index of 0015: a seller name is short and seller searches match few rows.)
ALTER TABLE listings ADD COLUMN search_doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED;
DROP INDEX listings_search;
CREATE INDEX listings_search ON listings USING gin (search_doc);
