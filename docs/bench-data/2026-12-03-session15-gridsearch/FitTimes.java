import org.parallel4j.examples.gridsearch.*;
import java.util.*;
public class FitTimes {
    public static void main(String[] args) throws Exception {
        Dataset data = Dataset.bundled();
        // warm the JIT as a pool's worker would not be: one small search first
        GridSearch.run(data, GridSearch.Grid.SMALL.points(), Folds.KFOLD, 2, GridSearch.Backend.SERIAL, 1, false, null);
        for (String g : args) {
            GridSearch.Grid grid = GridSearch.Grid.valueOf(g);
            for (Folds folds : Folds.values()) {
                var out = GridSearch.run(data, grid.points(), folds, 2, GridSearch.Backend.SERIAL, 1, false, null);
                for (var f : out.fits()) System.out.printf("%s\t%s\t%s\t%d\t%d%n", g, folds, f.point().label(), f.fold(), f.endMillis() - f.startMillis());
            }
        }
    }
}
