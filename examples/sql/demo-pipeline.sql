-- A 20-table pipeline over the demo topics: staging, cleaned, joined, marts.
-- The statements are in no particular order; Tablewave loads them dependencies first.
-- Run it as one batch:  bin/tablewave-sql -f examples/sql/demo-pipeline.sql

-- marts
CREATE TABLE mart_revenue_by_country AS
  SELECT country, COUNT(*) AS orders, SUM(amount) AS revenue
  FROM int_orders_enriched GROUP BY country;

CREATE TABLE mart_daily_revenue AS
  SELECT order_day, COUNT(*) AS orders, SUM(amount) AS revenue, SUM(quantity) AS items
  FROM int_orders_enriched GROUP BY order_day;

CREATE TABLE mart_vip_revenue AS
  SELECT vip, COUNT(*) AS orders, SUM(amount) AS revenue, AVG(amount) AS avg_order
  FROM int_orders_enriched GROUP BY vip;

CREATE TABLE mart_page_engagement AS
  SELECT page, COUNT(*) AS clicks, AVG(duration_ms) AS avg_duration_ms
  FROM int_clicks_enriched GROUP BY page;

CREATE TABLE mart_customer_360 AS
  SELECT c.customer_id, c.name, c.country, c.vip,
         COALESCE(o.orders, 0) AS orders, COALESCE(o.revenue, 0) AS revenue,
         COALESCE(k.clicks, 0) AS clicks, COALESCE(k.time_on_site_ms, 0) AS time_on_site_ms
  FROM cln_customers c
  LEFT JOIN int_customer_orders o ON o.customer_id = c.customer_id
  LEFT JOIN int_customer_clicks k ON k.customer_id = c.customer_id;

CREATE TABLE mart_top_customers AS
  SELECT customer_id, name, country, revenue
  FROM mart_customer_360 ORDER BY revenue DESC, customer_id LIMIT 10;

CREATE TABLE mart_conversion_by_country AS
  SELECT country, SUM(orders) AS orders, SUM(clicks) AS clicks,
         CAST(SUM(orders) AS DOUBLE) / NULLIF(SUM(clicks), 0) AS orders_per_click
  FROM mart_customer_360 GROUP BY country;

CREATE TABLE mart_cancellations_by_country AS
  SELECT c.country, COUNT(*) AS cancelled, SUM(x.amount) AS cancelled_amount
  FROM cln_cancelled_orders x JOIN cln_customers c ON x.customer_id = c.customer_id
  GROUP BY c.country;

-- joined
CREATE TABLE int_orders_enriched AS
  SELECT o.order_id, o.order_day, o.ordered_at, o.amount, o.quantity, c.customer_id, c.country, c.vip
  FROM cln_orders o JOIN cln_customers c ON o.customer_id = c.customer_id;

CREATE TABLE int_clicks_enriched AS
  SELECT k.click_id, k.page, k.duration_ms, k.clicked_at, c.customer_id, c.country
  FROM cln_clicks k JOIN cln_customers c ON k.customer_id = c.customer_id;

CREATE TABLE int_customer_orders AS
  SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS revenue, MIN(order_day) AS first_order_day
  FROM int_orders_enriched GROUP BY customer_id;

CREATE TABLE int_customer_clicks AS
  SELECT customer_id, COUNT(*) AS clicks, SUM(duration_ms) AS time_on_site_ms
  FROM int_clicks_enriched GROUP BY customer_id;

-- cleaned
CREATE TABLE cln_customers AS
  SELECT customer_id, name, country, vip FROM stg_customers WHERE customer_id IS NOT NULL;

CREATE TABLE cln_orders AS
  SELECT order_id, customer_id, amount, quantity, _timestamp AS ordered_at,
         CAST(_timestamp AS DATE) AS order_day
  FROM stg_orders WHERE status = 'PAID' AND amount > 0;

CREATE TABLE cln_cancelled_orders AS
  SELECT order_id, customer_id, amount, _timestamp AS ordered_at
  FROM stg_orders WHERE status = 'CANCELLED';

CREATE TABLE cln_late_orders AS
  SELECT order_id, ordered_at
  FROM cln_orders
  WHERE ordered_at < (SELECT MAX(ordered_at) FROM cln_orders) - INTERVAL '2' DAY;

CREATE TABLE cln_clicks AS
  SELECT click_id, customer_id, page, duration_ms, _timestamp AS clicked_at
  FROM stg_clicks WHERE duration_ms >= 0;

-- staging: the topics as they are (a few demo records are malformed and are skipped)
CREATE TABLE stg_customers AS SELECT * FROM kafka://customers;

CREATE TABLE stg_orders WITH ('on-bad-record' = 'skip') AS SELECT * FROM kafka://orders;

CREATE TABLE stg_clicks WITH ('on-bad-record' = 'skip') AS SELECT * FROM kafka://clicks;
