package io.esteira.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.shared.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "select 1 as one",
            "select customer_id, segment from bank.customers where customer_since <= ? order by customer_id",
            "select c.segment, count(*) as n, avg(t.amount) as mean, max(t.event_time) from bank.customers c "
                    + "join bank.card_transactions t on t.customer_id = c.customer_id group by c.segment having count(*) > 10",
            "with recent as (select * from bank.card_transactions where event_time > current_timestamp - interval '30' day) "
                    + "select customer_id, sum(amount) from recent group by customer_id",
            "select customer_id, row_number() over (partition by segment order by credit_limit desc) as rn from bank.customers",
            "select case when amount > 100 then 'high' else 'low' end as band, cast(amount as double precision) from bank.card_transactions",
            "select extract(year from birth_date), coalesce(region, 'none'), lower(email) from bank.customers limit 10",
            "select * from bank.customers where customer_id in (select customer_id from bank.card_transactions where is_fraud)",
            "select segment from bank.customers union all select region from bank.customers",
            "select x from system_range(1, 10)",
            "select dateadd(day, 1, date '2026-01-01'), round(exp(2.5), 2), mod(7, 3);",
            "select customer_id, lag(amount) over (order by event_time) from bank.card_transactions",
            "select percentile_cont(0.5) within group (order by amount) from bank.card_transactions",
    })
    void a_data_scientists_ordinary_query_passes(String sql) {
        assertThat(ReadOnlySql.check(sql, SqlDialect.H2)).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select FILE_READ('/etc/passwd', NULL)",
            "select file_read('/etc/passwd')",
            "select \"FILE_READ\"('/etc/passwd')",
            "select fıle_read('/etc/passwd')",
            "select * from CSVREAD('/proc/self/environ')",
            "select CSVWRITE('/tmp/x.csv', 'select 1')",
            "select * from LINK_SCHEMA('x', '', 'jdbc:h2:mem:y;INIT=RUNSCRIPT FROM ''/tmp/x''', 'sa', '', 'PUBLIC')",
            "select 1 from (select file_read('/etc/passwd') as f) q",
            "select * from bank.customers where email = (select file_read('/etc/passwd'))",
            "select count(*) filter (where file_read('/x') is not null) from bank.customers",
            "select row_number() over (order by file_read('/x')) from bank.customers",
            "select public.my_alias(1)",
            "select database_path()",
            "select session_id()",
            "select next value for public.s",
            "select s.nextval from bank.customers",
            "select user_name, is_admin from information_schema.users",
            "select * from INFORMATION_SCHEMA.SETTINGS",
            "select pg_read_file('/etc/passwd')",
            "select lo_import('/etc/passwd')",
            "select * into bank.copy from bank.customers",
            "select * from bank.customers for update",
            "select 1; select 2",
            "delete from bank.customers",
            "call file_read('/etc/passwd')",
            "select @x := 1",
    })
    void a_query_that_reaches_the_host_or_changes_anything_is_refused_with_the_reason(String sql) {
        assertThatThrownBy(() -> ReadOnlySql.check(sql, SqlDialect.H2))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey("sql"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"select pg_read_server_files()", "select pg_ls_dir('/')", "select dblink('host=x', 'select 1')",
            "select current_setting('data_directory')", "select set_config('x', 'y', false)", "select pg_catalog.pg_read_file('x')",
            "select * from pg_catalog.pg_authid", "select nextval('s')", "select setval('s', 1)"})
    void a_postgresql_source_refuses_server_functions_and_the_catalogue(String sql) {
        assertThatThrownBy(() -> ReadOnlySql.check(sql, SqlDialect.POSTGRESQL)).isInstanceOf(InvalidRequestException.class);
    }

    @org.junit.jupiter.api.Test
    void the_refusal_names_the_refused_function() {
        assertThatThrownBy(() -> ReadOnlySql.check("select segment, FILE_READ('/etc/passwd', NULL) from bank.customers", SqlDialect.H2))
                .hasMessageContaining("FILE_READ").hasMessageContaining("not allowed");
    }

    @org.junit.jupiter.api.Test
    void a_dialects_own_functions_pass_only_on_that_dialect() {
        assertThat(ReadOnlySql.check("select x from system_range(1, 3)", SqlDialect.H2)).isNotBlank();
        assertThatThrownBy(() -> ReadOnlySql.check("select x from system_range(1, 3)", SqlDialect.POSTGRESQL))
                .hasMessageContaining("system_range");
        assertThat(ReadOnlySql.check("select * from generate_series(1, 3)", SqlDialect.POSTGRESQL)).isNotBlank();
    }
}
