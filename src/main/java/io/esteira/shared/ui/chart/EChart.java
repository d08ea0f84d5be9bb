package io.esteira.shared.ui.chart;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Apache ECharts as a Vaadin component. Options are built in Java ({@link ChartOption} records)
 * and sent as JSON; the browser side applies Lumo's colours, resizes with its container and
 * reports clicks. Prefer {@link DataChart}, which adds a text table of the same data.
 */
@Tag("esteira-chart")
@NpmPackage(value = "echarts", version = "6.1.0")
@JsModule("./components/esteira-chart.ts")
public class EChart extends Component implements HasSize {

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    public EChart() {
        setHeight("280px");
    }

    public void setOption(ChartOption option) {
        getElement().setProperty("option", JSON.writeValueAsString(option));
    }

    public Registration addClickListener(ComponentEventListener<ChartClickEvent> listener) {
        return addListener(ChartClickEvent.class, listener);
    }

    /** A click on a bar, point or slice: its category name, series and value. */
    @DomEvent("chart-click")
    public static class ChartClickEvent extends ComponentEvent<EChart> {

        private final String name;
        private final String seriesName;
        private final double value;

        public ChartClickEvent(EChart source, boolean fromClient, @EventData("event.detail.name") String name,
                @EventData("event.detail.seriesName") String seriesName, @EventData("event.detail.value") double value) {
            super(source, fromClient);
            this.name = name;
            this.seriesName = seriesName;
            this.value = value;
        }

        public String name() { return name; }
        public String seriesName() { return seriesName; }
        public double value() { return value; }
    }
}
