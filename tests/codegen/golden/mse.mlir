// ---- kernel0: r0:ccb
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v5 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr0 = arith.divsi %begin, %stiles1 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:1 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st) -> (i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %base2 = arith.addi %tb2, %c0 : i64
    %v7 = arith.sitofp %len_all : i64 to f32
    %v8 = arith.constant 0x3F800000 : f32
    %v6 = arith.divf %v8, %v7 : f32
    %v9 = arith.constant 0x00000000 : f32
    %v10 = arith.cmpi sgt, %vend64, %c0 : i64
    %v11:1 = scf.if %v10 -> (f32) {
      %v12 = vector.broadcast %v9 : f32 to vector<64xf32>
      %v14:1 = scf.for %v13 = %c0 to %vend64 step %cw64 iter_args(%v13_acc0 = %v12) -> (vector<64xf32>) : i64 {
        %v16 = arith.addi %base0, %v13 : i64
        %v17 = llvm.getelementptr %ptr0[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v18 = llvm.load %v17 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v20 = arith.addi %base1, %v13 : i64
        %v21 = llvm.getelementptr %ptr1[%v20] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v22 = llvm.load %v21 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
        %v23 = arith.subf %v18, %v22 fastmath<contract> : vector<64xf32>
        %v24 = arith.mulf %v23, %v23 fastmath<contract> : vector<64xf32>
        %v25 = arith.addf %v13_acc0, %v24 fastmath<contract> : vector<64xf32>
        scf.yield %v25 : vector<64xf32>
      }
      %v26 = vector.reduction <add>, %v14#0 fastmath<reassoc> : vector<64xf32> into f32
      %v27 = arith.addf %v9, %v26 : f32
      scf.yield %v27 : f32
    } else {
      scf.yield %v9 : f32
    }
    %v28 = arith.cmpi sgt, %vend16, %vend64 : i64
    %v29:1 = scf.if %v28 -> (f32) {
      %v30 = vector.broadcast %v9 : f32 to vector<16xf32>
      %v32:1 = scf.for %v31 = %vend64 to %vend16 step %cw16 iter_args(%v31_acc0 = %v30) -> (vector<16xf32>) : i64 {
        %v34 = arith.addi %base0, %v31 : i64
        %v35 = llvm.getelementptr %ptr0[%v34] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v36 = llvm.load %v35 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v38 = arith.addi %base1, %v31 : i64
        %v39 = llvm.getelementptr %ptr1[%v38] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v40 = llvm.load %v39 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
        %v41 = arith.subf %v36, %v40 fastmath<contract> : vector<16xf32>
        %v42 = arith.mulf %v41, %v41 fastmath<contract> : vector<16xf32>
        %v43 = arith.addf %v31_acc0, %v42 fastmath<contract> : vector<16xf32>
        scf.yield %v43 : vector<16xf32>
      }
      %v44 = vector.reduction <add>, %v32#0 fastmath<reassoc> : vector<16xf32> into f32
      %v45 = arith.addf %v11#0, %v44 : f32
      scf.yield %v45 : f32
    } else {
      scf.yield %v11#0 : f32
    }
    %v46 = arith.cmpi sgt, %len, %vend16 : i64
    %v47:1 = scf.if %v46 -> (f32) {
      %v48 = vector.broadcast %v9 : f32 to vector<16xf32>
      %v50 = arith.subi %len, %vend16 : i64
      %v51 = arith.index_cast %v50 : i64 to index
      %v52 = vector.create_mask %v51 : vector<16xi1>
      %v54 = arith.addi %base0, %vend16 : i64
      %v55 = llvm.getelementptr %ptr0[%v54] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v57 = llvm.mlir.zero : vector<16xf32>
      %v56 = llvm.intr.masked.load %v55, %v52, %v57 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v59 = arith.addi %base1, %vend16 : i64
      %v60 = llvm.getelementptr %ptr1[%v59] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v62 = llvm.mlir.zero : vector<16xf32>
      %v61 = llvm.intr.masked.load %v60, %v52, %v62 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v63 = arith.subf %v56, %v61 fastmath<contract> : vector<16xf32>
      %v64 = arith.mulf %v63, %v63 fastmath<contract> : vector<16xf32>
      %v65 = arith.select %v52, %v64, %v48 : vector<16xi1>, vector<16xf32>
      %v66 = arith.addf %v48, %v65 fastmath<contract> : vector<16xf32>
      %v67 = vector.reduction <add>, %v66 fastmath<reassoc> : vector<16xf32> into f32
      %v68 = arith.addf %v29#0, %v67 : f32
      scf.yield %v68 : f32
    } else {
      scf.yield %v29#0 : f32
    }
    %v69 = arith.mulf %v47#0, %v6 fastmath<contract> : f32
    %v70 = llvm.getelementptr %ptr2[%base2] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v69, %v70 : f32, !llvm.ptr
    scf.yield %nt : i64
  }
  return
}
